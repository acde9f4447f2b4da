"""What each record of a dump holds: its fields and how it names what it references.

A record carries the archive's content, not its bookkeeping: no database ids,
timestamps or version counters. Entities (places, organizations, persons,
stories) are named by slug, items (updates, quotes, media, affiliations, notes,
corrections) by uid. An update carries its mentions, quotes, media with their
credits, contributions, verification notes and corrections inside it, as the
whole that curators edit on one page. docs/dump-format.md describes the format.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, F, When
from django.db.models.functions import Length

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
from newsarchive import public
from people.models import Affiliation, Alias, Organization, Person
from places.models import Place, PlaceAlias

PROVENANCE = ("method", "is_confirmed")


@dataclass(frozen=True)
class Shape:
    """One kind of record: the model's fields it copies and the references it names.

    `refs` maps a record key to the lookup that names the referenced record
    ("parent": "parent__slug"). `group` is the lookup a nested record is grouped
    under (its update's or media's id); `order` is the order records come in.
    """

    model: type[models.Model]
    fields: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)
    group: str | None = None
    order: tuple = ("id",)

    def rows(self, queryset, *, public_only: bool = False):
        """`.values()` of `queryset` with the record's keys, `_id` and `_group`.

        With `public_only`, a reference to a record the public may not see is
        null (newsarchive.public); the rows themselves are the caller's choice.
        """
        # Reference values are fetched under a prefixed name: `.values()` may not
        # reuse the name of a model field ("parent").
        expressions = {
            f"ref_{key}": self._reference(lookup, public_only)
            for key, lookup in self.refs.items()
        }
        expressions["_id"] = F("id")
        if self.group:
            expressions["_group"] = F(self.group)
        return queryset.order_by(*self.order).values(*self.fields, **expressions)

    def _reference(self, lookup: str, public_only: bool):
        return reference(self.model, lookup, public_only)

    def record(self, row: dict) -> dict:
        record = {name: row[name] for name in self.fields}
        for key in self.refs:
            record[key] = row[f"ref_{key}"]
        return record


def reference(model, lookup: str, public_only: bool):
    """The value at `lookup` ("parent__slug") from a row of `model`; with
    `public_only`, null when the record it reaches is hidden from the public."""
    relation, _ = lookup.split("__", 1)
    target = model._meta.get_field(relation).related_model
    # A public record's story is public: it carries that record.
    if not public_only or target is Story:
        return F(lookup)
    return Case(When(public.condition(target, f"{relation}__"), then=F(lookup)))


PLACE = Shape(
    Place,
    (
        "slug",
        "name",
        "kind",
        "country_code",
        "iso_code",
        "latitude",
        "longitude",
        "geonames_id",
        "wikidata_id",
        *PROVENANCE,
    ),
    {"parent": "parent__slug"},
    # A place's path lists its ancestors, so a shorter path comes first.
    order=(Length("path"), "id"),
)
PLACE_ALIAS = Shape(PlaceAlias, ("name", "kind", *PROVENANCE), group="place_id")
ORGANIZATION = Shape(
    Organization,
    ("slug", "name", "kind", "description", "wikidata_id", *PROVENANCE),
    {
        "parent": "parent__slug",
        "country": "country__slug",
        "based_in": "based_in__slug",
    },
)
PERSON = Shape(Person, ("slug", "name", "description", "wikidata_id", *PROVENANCE))
PERSON_ALIAS = Shape(Alias, ("name", "kind", "note", *PROVENANCE), group="person_id")
ORGANIZATION_ALIAS = Shape(
    Alias, ("name", "kind", "note", *PROVENANCE), group="organization_id"
)
STORY = Shape(
    Story,
    ("slug", "title", "kind", "url", "language"),
    {"publisher": "publisher__slug"},
)
UPDATE = Shape(
    Update,
    (
        "uid",
        "published_at",
        "date_precision",
        "date_reason",
        "headline",
        "summary",
        "body",
        "original_text",
        "topic",
        "language",
        "status",
        "url",
    ),
    {"story": "story__slug"},
    order=("published_at", "id"),
)
AFFILIATION = Shape(
    Affiliation,
    ("uid", "title", "started_on", "ended_on", "date_precision", *PROVENANCE),
    {
        "person": "person__slug",
        "organization": "organization__slug",
        "jurisdiction": "jurisdiction__slug",
        "source": "source__uid",
    },
)

MENTION_FIELDS = ("rel", "as_written", *PROVENANCE)
# What an update carries inside it, under these keys.
UPDATE_PARTS = {
    "persons": Shape(
        PersonMention, MENTION_FIELDS, {"person": "person__slug"}, "update_id"
    ),
    "organizations": Shape(
        OrganizationMention,
        MENTION_FIELDS,
        {"organization": "organization__slug"},
        "update_id",
    ),
    "places": Shape(
        PlaceMention, MENTION_FIELDS, {"place": "place__slug"}, "update_id"
    ),
    "quotes": Shape(
        Quote,
        (
            "uid",
            "text",
            "speaker_description",
            "channel",
            "reported",
            "said_on",
            "position",
            *PROVENANCE,
        ),
        {"person": "person__slug", "organization": "organization__slug"},
        "update_id",
        ("position", "id"),
    ),
    "media": Shape(
        Media,
        (
            "uid",
            "kind",
            "caption",
            "credit_line",
            "verification",
            "url",
            "position",
        ),
        {"place": "place__slug"},
        "update_id",
        ("position", "id"),
    ),
    "contributions": Shape(
        Contribution,
        ("role", "as_written", *PROVENANCE),
        {"person": "person__slug", "organization": "organization__slug"},
        "update_id",
    ),
    "verification_notes": Shape(
        VerificationNote,
        ("uid", "status", "note", *PROVENANCE),
        {"quote": "quote__uid", "media": "media__uid"},
        "update_id",
    ),
    "corrections": Shape(
        Correction,
        ("uid", "original", "corrected", "explanation", "status", "applied_at"),
        group="update_id",
    ),
}
# What a media item carries inside it.
CREDIT = Shape(
    Credit,
    ("as_written", "role", "position", *PROVENANCE),
    {"person": "person__slug", "organization": "organization__slug"},
    "media_id",
    ("position", "id"),
)

# Events come last: they name the updates that report them, the quotes about
# them and the updates that report each figure (dump format version 2).
EVENT = Shape(
    Event,
    (
        "uid",
        "slug",
        "title",
        "kind",
        "summary",
        "started_on",
        "ended_on",
        "date_precision",
        "location_precision",
        "status",
        *PROVENANCE,
    ),
    {"place": "place__slug"},
    order=("started_on", "id"),
)
# What an event carries inside it, under these keys.
EVENT_PARTS = {
    "actors": Shape(
        EventActor,
        ("role", *PROVENANCE),
        {"person": "person__slug", "organization": "organization__slug"},
        "event_id",
    ),
    "figures": Shape(
        ReportedFigure,
        (
            "uid",
            "quantity",
            "value_low",
            "value_high",
            "as_written",
            "claimed_on",
            *PROVENANCE,
        ),
        {
            "person": "person__slug",
            "organization": "organization__slug",
            "update": "update__uid",
        },
        "event_id",
    ),
    "reports": Shape(EventReport, PROVENANCE, {"update": "update__uid"}, "event_id"),
}
# The quotes about an event, by uid (a quote lives inside its update's record).
EVENT_QUOTE = Shape(Quote, ("uid",), group="event_id")
