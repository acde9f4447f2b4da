"""Loading the demo archive: the seed article's records, in the project's own format.

Idempotent: entities are matched by slug, aliases by name, and an update by its
story and headline, so loading twice creates nothing the second time.
"""

import json
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from newsarchive.merging import record_change
from people.models import Affiliation, Organization, Person
from people.services import add_alias
from places.models import Place
from places.services import add_place_alias, save_place

from .models import (
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

DEMO_FILE = Path(__file__).parent / "demo_data" / "belgorod-incursion.json"
REASON = "demo data"


def _save(record, acting_user):
    record.full_clean()
    record_change(record, acting_user=acting_user, reason=REASON)
    record.save()
    return record


@transaction.atomic
def load_demo_archive(
    path: Path = DEMO_FILE, *, acting_user: AbstractBaseUser | None = None
) -> dict[str, int]:
    """Load the demo file into the archive; return how many records were created."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    created: dict[str, int] = {}

    def count(label):
        created[label] = created.get(label, 0) + 1

    places = {}
    for row in data["places"]:
        place = Place.objects.filter(slug=row["slug"]).first()
        if place is None:
            place = Place(
                slug=row["slug"],
                name=row["name"],
                kind=row["kind"],
                parent=places.get(row.get("parent")),
                country_code=row.get("country_code", ""),
                wikidata_id=row.get("wikidata_id", ""),
            )
            save_place(place, acting_user=acting_user, reason=REASON)
            count("places")
        places[place.slug] = place
        for alias in row.get("aliases", []):
            add_place_alias(
                place, name=alias["name"], kind=alias["kind"], acting_user=acting_user
            )

    def entity(model, row, label, **fields):
        record = model.objects.filter(slug=row["slug"]).first()
        if record is None:
            record = _save(
                model(slug=row["slug"], name=row["name"], **fields), acting_user
            )
            count(label)
        for alias in row.get("aliases", []):
            add_alias(
                record, name=alias["name"], kind=alias["kind"], acting_user=acting_user
            )
        return record

    organizations = {
        row["slug"]: entity(
            Organization,
            row,
            "organizations",
            kind=row["kind"],
            description=row.get("description", ""),
            country=places.get(row.get("country")),
            based_in=places.get(row.get("based_in")),
        )
        for row in data["organizations"]
    }
    persons = {
        row["slug"]: entity(
            Person, row, "persons", description=row.get("description", "")
        )
        for row in data["persons"]
    }

    events = {}
    for row in data.get("events", []):
        event = Event.objects.filter(slug=row["slug"]).first()
        if event is None:
            event = _load_event(row, persons, organizations, places, acting_user)
            count("events")
        events[event.slug] = event

    for story_row in data["stories"]:
        story = Story.objects.filter(slug=story_row["slug"]).first()
        if story is None:
            story = _save(
                Story(
                    slug=story_row["slug"],
                    title=story_row["title"],
                    kind=story_row["kind"],
                    language=story_row["language"],
                ),
                acting_user,
            )
            count("stories")
        for row in story_row["updates"]:
            if story.updates.filter(headline=row["headline"]).exists():
                continue
            update = _load_update(
                story, row, persons, organizations, places, events, acting_user
            )
            count("updates")
            for slug in row.get("events", []):
                _save(EventReport(event=events[slug], update=update), acting_user)
                # The figures an event's reporting update states are its claims.
                for figure in events[slug].figures.filter(update__isnull=True):
                    figure.update = update
                    _save(figure, acting_user)

    # The roles are stated in the demo's (first) update, which cites them.
    source = Update.objects.filter(
        story__slug=data["stories"][0]["slug"],
        headline=data["stories"][0]["updates"][0]["headline"],
    ).first()
    for person_row in data["persons"]:
        for role in person_row.get("affiliations", []):
            fields = {
                "person": persons[person_row["slug"]],
                "title": role["title"],
                "organization": organizations.get(role.get("organization")),
                "jurisdiction": places.get(role.get("jurisdiction")),
            }
            if not Affiliation.objects.filter(**fields).exists():
                _save(Affiliation(**fields, source=source), acting_user)
                count("affiliations")
    return created


def _load_event(row, persons, organizations, places, acting_user) -> Event:
    event = _save(
        Event(
            slug=row["slug"],
            title=row["title"],
            kind=row["kind"],
            status=row["status"],
            summary=row["summary"],
            started_on=parse_date(row["started_on"]),
            ended_on=parse_date(row["ended_on"]) if row.get("ended_on") else None,
            date_precision=row["date_precision"],
            place=places.get(row.get("place")),
            location_precision=row["location_precision"],
        ),
        acting_user,
    )
    for actor in row["actors"]:
        _save(
            EventActor(
                event=event,
                person=persons.get(actor.get("person")),
                organization=organizations.get(actor.get("organization")),
                role=actor["role"],
            ),
            acting_user,
        )
    for figure in row["figures"]:
        _save(
            ReportedFigure(
                event=event,
                quantity=figure["quantity"],
                value_low=figure.get("value_low"),
                value_high=figure.get("value_high"),
                as_written=figure["as_written"],
                person=persons.get(figure.get("person")),
                organization=organizations.get(figure.get("organization")),
                claimed_on=parse_date(figure["claimed_on"]),
            ),
            acting_user,
        )
    return event


def _load_update(
    story, row, persons, organizations, places, events, acting_user
) -> Update:
    update = _save(
        Update(
            story=story,
            headline=row["headline"],
            published_at=parse_datetime(row["published_at"]),
            date_precision=row["date_precision"],
            date_reason=row["date_reason"],
            topic=row["topic"],
            status=row["status"],
            summary=row["summary"],
            original_text=row["original_text"],
            body=row["original_text"],
        ),
        acting_user,
    )
    mentions = row["mentions"]
    for link in mentions["persons"]:
        _save(
            PersonMention(
                update=update,
                person=persons[link["person"]],
                rel=link.get("rel", "mentions"),
                as_written=link["as_written"],
            ),
            acting_user,
        )
    for link in mentions["organizations"]:
        _save(
            OrganizationMention(
                update=update,
                organization=organizations[link["organization"]],
                rel=link.get("rel", "mentions"),
                as_written=link["as_written"],
            ),
            acting_user,
        )
    for link in mentions["places"]:
        _save(
            PlaceMention(
                update=update,
                place=places[link["place"]],
                rel=link.get("rel", "mentions"),
                as_written=link["as_written"],
            ),
            acting_user,
        )
    quotes = [
        _save(
            Quote(
                update=update,
                position=position,
                text=quote["text"],
                person=persons.get(quote.get("person")),
                organization=organizations.get(quote.get("organization")),
                speaker_description=quote.get("speaker_description", ""),
                channel=quote.get("channel", ""),
                said_on=parse_date(quote["said_on"]) if quote.get("said_on") else None,
                event=events.get(quote.get("event")),
            ),
            acting_user,
        )
        for position, quote in enumerate(row["quotes"])
    ]
    media_items = []
    for position, media_row in enumerate(row["media"]):
        media = _save(
            Media(
                update=update,
                position=position,
                kind=media_row["kind"],
                caption=media_row["caption"],
                credit_line=media_row["credit_line"],
                place=places.get(media_row.get("place")),
                verification=media_row["verification"],
            ),
            acting_user,
        )
        media_items.append(media)
        for credit_position, credit in enumerate(media_row["credits"]):
            _save(
                Credit(
                    media=media,
                    position=credit_position,
                    organization=organizations.get(credit.get("organization")),
                    person=persons.get(credit.get("person")),
                    as_written=credit["as_written"],
                    role=credit["role"],
                ),
                acting_user,
            )
    for contribution in row["contributions"]:
        _save(
            Contribution(
                update=update,
                person=persons[contribution["person"]],
                role=contribution["role"],
                as_written=contribution["as_written"],
            ),
            acting_user,
        )
    for note in row["verification_notes"]:
        _save(
            VerificationNote(
                update=update,
                status=note["status"],
                note=note["note"],
                quote=quotes[note["quote"]] if "quote" in note else None,
                media=media_items[note["media"]] if "media" in note else None,
            ),
            acting_user,
        )
    for correction in row["corrections"]:
        _save(Correction(update=update, **correction), acting_user)
    return update
