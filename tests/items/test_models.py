import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from items.models import Credit, Quote, Update

from ..people.factories import AliasFactory, OrganizationFactory, PersonFactory
from ..places.factories import PlaceFactory
from .factories import (
    CorrectionFactory,
    CreditFactory,
    MediaFactory,
    OrganizationMentionFactory,
    PersonMentionFactory,
    PlaceMentionFactory,
    QuoteFactory,
    UpdateFactory,
    VerificationNoteFactory,
)

pytestmark = pytest.mark.django_db


def test_a_credit_names_exactly_one_party():
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(person=PersonFactory())  # and the default organization
    with pytest.raises(IntegrityError), transaction.atomic():
        CreditFactory(organization=None)


def test_a_credit_with_two_parties_gets_a_field_error():
    credit = Credit(
        media=MediaFactory(),
        person=PersonFactory(),
        organization=OrganizationFactory(),
        role=Credit.Role.AGENCY,
    )
    with pytest.raises(ValidationError) as error:
        credit.full_clean()
    assert "organization" in error.value.message_dict


def test_a_quote_needs_a_speaker():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteFactory(person=None)
    QuoteFactory(person=None, speaker_description="a Belgorod resident")
    QuoteFactory(person=None, organization=OrganizationFactory())
    quote = Quote(update=UpdateFactory(), text="…")
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert "speaker_description" in error.value.message_dict


def test_an_open_correction_has_no_applied_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectionFactory(status="applied")


def test_a_verification_note_concerns_one_quote_or_one_media():
    update = UpdateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VerificationNoteFactory(
            update=update,
            quote=QuoteFactory(update=update),
            media=MediaFactory(update=update),
        )


def test_a_person_is_mentioned_once_per_update():
    mention = PersonMentionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonMentionFactory(update=mention.update, person=mention.person)


def test_mentions_carry_their_update_date():
    mention = PersonMentionFactory()
    assert mention.published_at == mention.update.published_at


def test_in_place_finds_updates_in_the_place_and_inside_it():
    country = PlaceFactory(kind="country")
    region = PlaceFactory(parent=country)
    inside = PlaceMentionFactory(place=region).update
    PlaceMentionFactory()  # elsewhere
    assert list(Update.objects.in_place(country)) == [inside]
    assert list(Update.objects.in_place(country, include_inside=False)) == []


def test_story_slugs_are_unique():
    update = UpdateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        UpdateFactory(story__slug=update.story.slug)


def test_the_original_text_cannot_be_changed_after_creation():
    update = UpdateFactory(original_text="As received.", body="As received.")
    update.original_text = "Rewritten."
    update.published_at = datetime.datetime(2023, 5, 24, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "original_text" in error.value.message_dict


def test_mentioning_name_matches_any_part_of_any_name():
    girkin = PersonMentionFactory(person__name="Igor Girkin")
    AliasFactory(person=girkin.person, name="Igor Strelkov")
    legion = OrganizationMentionFactory(organization__name="Free Russia Legion")
    PersonMentionFactory()  # someone else
    assert list(Update.objects.mentioning_name("strelkov")) == [girkin.update]
    assert list(Update.objects.mentioning_name("Russia Leg")) == [legion.update]
    # A number is also an update id; factory names may hold the same digits.
    assert legion.update in Update.objects.mentioning_name(str(legion.update_id))
    assert list(Update.objects.mentioning_name("nobody at all")) == []
