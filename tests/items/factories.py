import datetime

import factory

from items.models import (
    Contribution,
    Correction,
    Credit,
    Event,
    EventActor,
    EventReport,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    ReportedFigure,
    Story,
    Update,
    VerificationNote,
)
from tests.people.factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.places.factories import PlaceFactory


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    story = factory.SubFactory(StoryFactory)
    headline = factory.Sequence(lambda n: f"Update {n}")
    published_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2023, 5, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=n)
        )
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.DRONE_STRIKE
    status = Event.Status.PUBLISHED
    started_on = factory.Sequence(
        lambda n: datetime.date(2023, 5, 1) + datetime.timedelta(days=n % 60)
    )
    place = factory.SubFactory(PlaceFactory)


class EventReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventReport

    event = factory.SubFactory(EventFactory)
    update = factory.SubFactory("tests.items.factories.UpdateFactory")


class EventActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventActor

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = EventActor.Role.CARRIED_OUT


class ReportedFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedFigure

    event = factory.SubFactory(EventFactory)
    quantity = ReportedFigure.Quantity.INJURED
    value_low = 2
    as_written = "two people"
    person = factory.SubFactory(PersonFactory)


class PersonMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonMention

    update = factory.SubFactory(UpdateFactory)
    person = factory.SubFactory(PersonFactory)


class OrganizationMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMention

    update = factory.SubFactory(UpdateFactory)
    organization = factory.SubFactory(OrganizationFactory)


class PlaceMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceMention

    update = factory.SubFactory(UpdateFactory)
    place = factory.SubFactory(PlaceFactory)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    update = factory.SubFactory(UpdateFactory)
    text = factory.Sequence(lambda n: f"Words {n}")
    person = factory.SubFactory(PersonFactory)


class MediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Media

    update = factory.SubFactory(UpdateFactory)


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    media = factory.SubFactory(MediaFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Credit.Role.AGENCY


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    update = factory.SubFactory(UpdateFactory)
    person = factory.SubFactory(PersonFactory)
    role = Contribution.Role.CONTRIBUTOR


class VerificationNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerificationNote

    update = factory.SubFactory(UpdateFactory)
    status = VerificationNote.Status.UNVERIFIED
    note = "Not confirmed yet."


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    update = factory.SubFactory(UpdateFactory, body="It said Ms. Putin.")
    original = "Ms. Putin"
    corrected = "Mr. Putin"


def full_updates(count: int) -> None:
    """Published updates with every kind of linked record around them."""
    country = PlaceFactory(kind="country")
    for _ in range(count):
        update = UpdateFactory(
            status=Update.Status.PUBLISHED, story__publisher=OrganizationFactory()
        )
        region = PlaceFactory(parent=country)
        for mention in PersonMentionFactory.create_batch(2, update=update):
            AliasFactory(person=mention.person)
            AffiliationFactory(
                person=mention.person,
                organization=OrganizationFactory(country=country),
                jurisdiction=region,
                source=update,
            )
        OrganizationMentionFactory(
            update=update, organization__parent=OrganizationFactory()
        )
        PlaceMentionFactory(update=update, place=region)
        speaker = update.person_mentions.first().person
        QuoteFactory(update=update, person=speaker)
        QuoteFactory(update=update, person=None, organization=OrganizationFactory())
        media = MediaFactory(update=update, place=region)
        CreditFactory(media=media, role=Credit.Role.ORIGINATOR)
        CreditFactory(media=media, organization=None, person=speaker)
        ContributionFactory(update=update, person=speaker)
        event = EventFactory(place=region)
        EventReportFactory(event=event, update=update)
        EventActorFactory(event=event)
        EventActorFactory(event=event, organization=None, person=speaker)
        ReportedFigureFactory(event=event, person=speaker, update=update)
        ReportedFigureFactory(
            event=event, person=None, organization=OrganizationFactory()
        )
