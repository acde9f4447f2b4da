"""Turning an article into a draft update with the importer's proposals.

The command (`manage.py import_article`) and the admin's upload page both call
`import_article`; it writes everything in one transaction or nothing.
"""

import datetime
import hashlib
import re

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify

from items.events import matching_events
from items.models import (
    Contribution,
    Correction,
    Credit,
    Event,
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
from newsarchive.records import DatePrecision, Method
from people.models import Affiliation, Alias, Organization, Person
from people.services import add_alias
from places.models import Place

from .analysis import Analysis, Entity, analyze
from .archive import ArchiveNames
from .models import ArticleImport
from .roles import head_of

IMPORTED = {"method": Method.IMPORTER, "is_confirmed": False}
CHANNELS = {choice.value for choice in Quote.Channel}


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def analyze_article(text: str) -> Analysis:
    """The importer's proposals for `text`, against what the archive holds.

    Raises ValidationError when the text names nobody and nowhere: it is not a
    news article the importer can read.
    """
    analysis = analyze(text, known=ArchiveNames())
    if not analysis.entities:
        raise ValidationError(
            "No persons, organizations or places found in the text: it is not a "
            "news article the importer can read. Nothing was imported."
        )
    return analysis


@transaction.atomic
def import_article(
    text: str,
    *,
    source_name: str,
    story: Story | None = None,
    published_on: datetime.date | None = None,
    acting_user: AbstractBaseUser | None = None,
) -> ArticleImport:
    """Create one draft update from `text` with every proposal, unconfirmed.

    Persons, organizations and places the archive holds (by name or alias) are
    linked; others are created as unconfirmed proposals. Raises ValidationError,
    having written nothing, for a text already imported or with no names in it.
    """
    digest = text_digest(text)
    earlier = ArticleImport.objects.filter(sha256=digest).first()
    if earlier is not None:
        raise ValidationError(
            f"This text was imported already, as update #{earlier.update_id} "
            f"({earlier.source_name}). Nothing was imported."
        )
    analysis = analyze_article(text)
    update = _draft_update(analysis, text, story=story, published_on=published_on)
    records = {id(entity): _record(entity) for entity in analysis.entities}
    # "Ms. Putin" is a defect to correct, not another name of Vladimir Putin.
    defective = {defect.original for defect in analysis.defects}
    for entity in analysis.entities:
        _link(update, entity, records[id(entity)], acting_user, defective)
    # Quotations, then reported statements ("Gladkov wrote on Telegram that ..."),
    # each with its speaker and channel.
    for position, quote in enumerate([*analysis.quotes, *analysis.statements]):
        speaker = records.get(id(quote.speaker)) if quote.speaker else None
        Quote.objects.create(
            update=update,
            text=quote.text,
            person=speaker if isinstance(speaker, Person) else None,
            organization=speaker if isinstance(speaker, Organization) else None,
            speaker_description=(
                quote.description
                if quote.description or speaker is not None
                else "an unidentified speaker"
            ),
            channel=quote.channel if quote.channel in CHANNELS else "",
            reported=quote.reported,
            position=position,
            **IMPORTED,
        )
    for position, item in enumerate(analysis.media):
        media = Media.objects.create(
            update=update,
            caption=item.caption,
            credit_line=item.credit_line[:500],
            place=records.get(id(item.place)) if item.place else None,
            position=position,
        )
        for order, credit in enumerate(item.credits):
            party = records[id(credit.party)]
            Credit.objects.create(
                media=media,
                person=party if isinstance(party, Person) else None,
                organization=party if isinstance(party, Organization) else None,
                as_written=credit.as_written[:300],
                role=credit.role,
                position=order,
                **IMPORTED,
            )
    for contribution in analysis.contributions:
        party = records[id(contribution.party)]
        Contribution.objects.get_or_create(
            update=update,
            person=party if isinstance(party, Person) else None,
            organization=party if isinstance(party, Organization) else None,
            role=contribution.role,
            defaults={"as_written": contribution.as_written[:300], **IMPORTED},
        )
    for role in analysis.roles:
        _propose_role(update, role, records)
    for found in analysis.verification:
        VerificationNote.objects.create(
            update=update,
            status=(
                VerificationNote.Status.CLAIM
                if re.search(r"purport|evidence", found.cue, re.IGNORECASE)
                else VerificationNote.Status.UNVERIFIED
            ),
            note=f"The text says “{found.cue}”: {found.sentence}",
            **IMPORTED,
        )
    _propose_event(update, analysis, records)
    for defect in analysis.defects:
        if defect.original and defect.original in update.body:
            Correction.objects.create(
                update=update,
                original=defect.original,
                corrected=defect.corrected,
                explanation=f"{Correction.PROPOSED_NOTE} {defect.explanation}.",
            )
    return ArticleImport.objects.create(
        update=update,
        source_name=source_name[:300],
        sha256=digest,
        imported_by=acting_user if acting_user and acting_user.pk else None,
        removed=analysis.removed,
        maybes=[
            {"kind": e.kind, "id": e.known_id, "as_written": _written(e)}
            for e in analysis.entities
            if e.maybe
        ],
    )


def _draft_update(analysis: Analysis, text: str, *, story, published_on) -> Update:
    if story is None:
        story = _story(analysis.title)
    if published_on is not None:
        day, reason = published_on, "given when the article was imported"
    elif analysis.published_on is not None:
        day, reason = analysis.published_on, analysis.date_reason
    else:
        day = timezone.localdate()
        reason = "the text gives no date: the day of the import; set the real one"
    # The article's title line is its headline; a text with none gets the words
    # its first paragraph opens with.
    first = analysis.body.split("\n\n", 1)[0]
    headline = analysis.title or Truncator(first).words(20)
    update = Update(
        story=story,
        published_at=datetime.datetime.combine(
            day, datetime.time(12), tzinfo=datetime.UTC
        ),
        date_precision=DatePrecision.DAY,
        date_reason=reason,
        headline=Truncator(headline).chars(300),
        body=analysis.body,
        original_text=text,
        status=Update.Status.DRAFT,
    )
    update.full_clean()
    update.save()
    return update


def _story(title: str) -> Story:
    """The story the article's title names, or a new one."""
    title = title or "Imported articles"
    found = Story.objects.filter(title=title).order_by("pk").first()
    if found is not None:
        return found
    kind = Story.Kind.LIVE_BLOG if "live" in title.lower() else Story.Kind.ARTICLE
    return Story.objects.create(
        title=title[:300], slug=free_slug(Story, title), kind=kind
    )


def free_slug(model, name: str) -> str:
    base = (slugify(name) or model._meta.model_name)[:180]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _record(entity: Entity):
    """The archive's record for `entity`: the one it resolved to, or a new
    unconfirmed one."""
    model = {"person": Person, "organization": Organization, "place": Place}[
        entity.kind
    ]
    if entity.known_id is not None:
        return model.objects.get(pk=entity.known_id)
    fields = {"name": entity.name[:200], "slug": free_slug(model, entity.name)}
    if entity.kind == "place":
        fields["kind"] = entity.place_kind
    record = model(**fields, **IMPORTED)
    record.full_clean()
    record.save()
    return record


def _link(update: Update, entity: Entity, record, acting_user, defective) -> None:
    """The mention of `record` in `update`, and the names the text uses for it."""
    if entity.kind == "place":
        if not entity.context:  # parents are implied by the hierarchy
            PlaceMention.objects.get_or_create(
                update=update,
                place=record,
                defaults={"as_written": _written(entity), **IMPORTED},
            )
        return
    mention = PersonMention if entity.kind == "person" else OrganizationMention
    mention.objects.get_or_create(
        update=update,
        **{entity.kind: record},
        defaults={"as_written": _written(entity), **IMPORTED},
    )
    for name in entity.aliases:
        if name.lower() == record.name.lower() or name in defective:
            continue
        pseudonym = entity.kind == "person" and not _shares_a_word(name, record.name)
        add_alias(
            record,
            name=name,
            kind=Alias.Kind.PSEUDONYM if pseudonym else Alias.Kind.SHORT_FORM,
            acting_user=acting_user,
            method=Method.IMPORTER,
            note="as written in an imported article",
        )


def _written(entity: Entity) -> str:
    return (entity.forms[0] if entity.forms else entity.name)[:300]


def _shares_a_word(name: str, other: str) -> bool:
    words = {w.strip(".").lower() for w in other.split()}
    return bool({w.strip(".").lower() for w in name.split()} & words)


def _propose_role(update: Update, role, records) -> None:
    """The role as an affiliation held on the update's day, stated by it; none
    when the archive holds that role for the person on that day already."""
    person = records[id(role.person)]
    where = records.get(id(role.where)) if role.where is not None else None
    organization = where if isinstance(where, Organization) else None
    jurisdiction = where if isinstance(where, Place) else None
    # "spokesperson" is the archive's "spokesman"; a role the text gives no
    # place is any place's.
    for held in Affiliation.objects.filter(person=person).active_on(
        update.published_at.date()
    ):
        if head_of(held.title) == head_of(role.title) and (
            where is None or where in (held.organization, held.jurisdiction)
        ):
            return
    Affiliation.objects.create(
        person=person,
        title=role.title[:200],
        organization=organization,
        jurisdiction=jurisdiction,
        source=update,
        **IMPORTED,
    )


def _propose_event(update: Update, analysis: Analysis, records) -> None:
    """The event the update likely reports, and the figures it states.

    An archived event of a compatible kind, in the same region, within a few
    days is proposed as "maybe" that event; else a new draft event, titled by
    the update's headline. Nothing when the text reports no incident.
    """
    if analysis.event_kind is None:
        return
    # Where it happened: the first place named below a country ("Ukraine
    # launched drones at Belgorod Oblast" happened in Belgorod Oblast).
    places = [
        records[id(entity)]
        for entity in sorted(analysis.of_kind("place"), key=lambda e: e.first_seen)
        if not entity.context
    ]
    within = [p for p in places if p.kind != Place.Kind.COUNTRY]
    place = (within or places or [None])[0]
    day = update.published_at.date()
    found = matching_events(analysis.event_kind, place, day)
    if found:
        event = found[0]
    else:
        event = Event(
            title=update.headline,
            slug=free_slug(Event, f"{update.headline[:80]} {day}"),
            kind=analysis.event_kind,
            started_on=day,
            date_precision=DatePrecision.DAY,
            place=place,
            location_precision=Event.LocationPrecision.REGION,
            status=Event.Status.DRAFT,
            **IMPORTED,
        )
        event.full_clean()
        event.save()
    EventReport.objects.create(event=event, update=update, **IMPORTED)
    for figure in analysis.figures:
        claimant = records.get(id(figure.speaker)) if figure.speaker else None
        ReportedFigure.objects.create(
            event=event,
            update=update,
            quantity=figure.quantity,
            value_low=figure.low,
            value_high=figure.high,
            as_written=figure.as_written[:300],
            person=claimant if isinstance(claimant, Person) else None,
            organization=claimant if isinstance(claimant, Organization) else None,
            claimed_on=day,
            **IMPORTED,
        )
