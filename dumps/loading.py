"""Loading a checked dump into the archive, in one transaction.

Entities are matched by slug and items by uid. A record the archive lacks is
created; one it holds is compared with the record the exporter would write for
it, and updated when they differ. An update's parts are replaced by the dump's.
An entity's aliases are added when missing; the whole archive's dump, or an
incremental one, also removes those it does not give (a slice may come from an
archive that knows fewer names). Loading the same dump twice changes nothing the
second time.

An incremental dump (dumps.incremental) renames records first and deletes
records last, each by the key the reader holds it by; a record it renames or
deletes that the archive does not hold is left alone.
"""

from collections import Counter
from dataclasses import dataclass, field

import orjson
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from changes.noting import note_created
from items import kept_facets
from items.models import (
    Contribution,
    Correction,
    Credit,
    Event,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    Story,
    Update,
    VerificationNote,
)
from newsarchive.aggregate_cache import archive_changed
from people.models import Affiliation, Alias, Organization, Person
from places.models import Place, PlaceAlias
from places.services import move_place

from . import shapes, writer
from .checking import IDENTITY, DumpError, check, read_lines
from .selection import Selection

REASON = "loaded from a dump"
NEW_UPDATES_AT_ONCE = 500
# Record type -> (its shape, its alias shape, the alias model's link to it).
ENTITIES = {
    "place": (shapes.PLACE, shapes.PLACE_ALIAS, PlaceAlias, "place"),
    "organization": (
        shapes.ORGANIZATION,
        shapes.ORGANIZATION_ALIAS,
        Alias,
        "organization",
    ),
    "person": (shapes.PERSON, shapes.PERSON_ALIAS, Alias, "person"),
}
MENTIONS = {
    "persons": (PersonMention, "person", Person),
    "organizations": (OrganizationMention, "organization", Organization),
    "places": (PlaceMention, "place", Place),
}


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    renamed: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)


def load_dump(path, *, dry_run: bool = False) -> Report:
    """Check the dump at `path`, then load it; with `dry_run`, roll it all back."""
    check(path)
    loader = Loader()
    try:
        # One transaction: a record the database refuses part-way through (a rule
        # the line checks cannot see) leaves nothing of the lines before it.
        with transaction.atomic():
            for number, line in read_lines(path):
                loader.line = number
                if line is None:  # the file grew a long line since it was checked
                    raise DumpError([f"line {number}: longer than was checked"])
                record = orjson.loads(line)
                if record["type"] == "header":
                    # The whole archive's dump is the whole truth of its events,
                    # and an incremental dump of each record it gives.
                    loader.whole = not record.get("filters") or "since" in record
                if record["type"] in ("header", "footer"):
                    continue
                loader.load(record)
            loader.flush()
            # The facets the loaded rows touched are counted now, once, rather
            # than by the first request that asks (items.kept_facets).
            kept_facets.recount()
            # Rows written in bulk send no signal: kept counts are forgotten here.
            archive_changed()
            if dry_run:
                transaction.set_rollback(True)
    except (IntegrityError, DataError, ValidationError) as error:
        raise DumpError(
            [
                f"line {loader.line}: the archive refused this record, or a batch "
                f"of updates before it: {' '.join(str(error).split())[:300]}"
            ]
        ) from error
    return loader.report


class Loader:
    def __init__(self):
        self.report = Report()
        self.line = 0  # the dump's line being loaded, for error messages
        self.whole = True  # the header says whether the dump is a slice
        self.keys: dict[type, dict[str, int]] = {}
        # New updates wait here to be inserted, with their parts, a batch at a time.
        self.new_updates: list[tuple[Update, dict]] = []
        # Quote uid -> event id: the ties of the quotes of an update given again.
        # Its record does not name them (the event's names its quotes), and an
        # incremental dump gives the event only when the event changed.
        self.quote_events: dict[str, int] = {}

    # --- references -------------------------------------------------------

    def pk(self, model, key_name: str, key):
        """The id of the `model` record with slug or uid `key` (known to exist)."""
        if key is None:
            return None
        known = self.keys.setdefault(model, {})
        if key not in known:
            known[key] = model.objects.values_list("pk", flat=True).get(
                **{key_name: key}
            )
        return known[key]

    def slug(self, model, key):
        return self.pk(model, "slug", key)

    def remember(self, model, key, pk) -> None:
        self.keys.setdefault(model, {})[key] = pk

    def count(self, outcome: str, kind: str, key, detail: str = "") -> None:
        getattr(self.report, outcome)[kind] += 1
        if outcome == "updated":
            self.report.changes.append(f"{kind} {key}: {detail}")

    # --- records ----------------------------------------------------------

    def load(self, record: dict) -> None:
        kind = record["type"]
        if kind != "update":
            self.flush()  # what follows may name the waiting updates
        if kind in ENTITIES:
            self.load_entity(kind, record)
        elif kind == "story":
            self.load_flat("story", shapes.STORY, "slug", record)
        elif kind == "update":
            self.load_update(record)
        elif kind == "affiliation":
            self.load_flat("affiliation", shapes.AFFILIATION, "uid", record)
        elif kind == "event":
            self.load_event(record)
        elif kind == "renamed":
            self.rename(record)
        elif kind == "deleted":
            self.delete(record)

    def rename(self, record: dict) -> None:
        kind = record["record"]
        model = IDENTITY[kind][1]
        instance = model.objects.filter(slug=record["slug"]).first()
        if instance is None:
            return
        instance.slug = record["to"]
        self.save(instance)
        self.count("renamed", kind, record["slug"])

    def delete(self, record: dict) -> None:
        kind = record["record"]
        key_name, model = IDENTITY[kind]
        instance = model.objects.filter(**{key_name: record[key_name]}).first()
        if instance is None:
            return
        instance._change_reason = REASON
        instance.delete()
        self.count("deleted", kind, record[key_name])

    def load_entity(self, kind: str, record: dict) -> None:
        shape, alias_shape, alias_model, link = ENTITIES[kind]
        model = shape.model
        values = self.values(shape, record)
        existing = model.objects.filter(slug=record["slug"]).first()
        if existing is None:
            entity = model(**values)
            entity._change_reason = REASON
            entity.save()
            outcome, detail = "created", ""
        else:
            entity = existing
            changed = self.changed_fields(shape, existing, record)
            if changed:
                parent_moves = "parent" in changed and model is Place
                for name, value in values.items():
                    setattr(entity, name, value)
                entity._change_reason = REASON
                if parent_moves:
                    move_place(entity, parent=entity.parent, acting_user=None)
                else:
                    entity.save()
            outcome, detail = (
                ("updated", ", ".join(changed))
                if changed
                else (
                    "unchanged",
                    "",
                )
            )
        self.remember(model, record["slug"], entity.pk)
        known = set(
            alias_model.objects.filter(**{link: entity}).values_list("name", "kind")
        )
        added = [
            alias_model(
                **{link: entity},
                **{name: alias[name] for name in alias_shape.fields},
            )
            for alias in record["aliases"]
            if (alias["name"], alias["kind"]) not in known
        ]
        for alias in added:
            alias._change_reason = REASON
            alias.save()
        if self.whole:
            given = {(alias["name"], alias["kind"]) for alias in record["aliases"]}
            gone = [
                alias
                for alias in alias_model.objects.filter(**{link: entity})
                if (alias.name, alias.kind) not in given
            ]
            for alias in gone:
                alias._change_reason = REASON
                alias.delete()
            added += gone
        if added and outcome == "unchanged":
            outcome, detail = "updated", "aliases"
        elif added and outcome == "updated":
            detail += ", aliases"
        self.count(outcome, kind, record["slug"], detail)

    def load_flat(self, kind: str, shape, key_name: str, record: dict) -> None:
        """A record without parts (story, affiliation): create, update or leave it."""
        key, model = record[key_name], shape.model
        values = self.values(shape, record)
        instance = model.objects.filter(**{key_name: key}).first()
        if instance is None:
            instance, outcome, changed = model(**values), "created", []
        else:
            changed = self.changed_fields(shape, instance, record)
            outcome = "updated" if changed else "unchanged"
            for name, value in values.items():
                setattr(instance, name, value)
        if outcome != "unchanged":
            self.save(instance)
        self.remember(model, key, instance.pk)
        self.count(outcome, kind, key, ", ".join(changed))

    def load_update(self, record: dict) -> None:
        values = self.values(shapes.UPDATE, record)
        update = Update.objects.filter(uid=record["uid"]).first()
        if update is None:
            self.new_updates.append((Update(**values), record))
            self.count("created", "update", record["uid"])
            if len(self.new_updates) >= NEW_UPDATES_AT_ONCE:
                self.flush()
            return
        current = self.exported_update(update)
        if current == _normalized(record):
            self.count("unchanged", "update", record["uid"])
        else:
            changed = [key for key in record if current.get(key) != record[key]]
            for name, value in values.items():
                setattr(update, name, value)
            self.save(update)
            self.quote_events.update(
                (str(uid), event_id)
                for uid, event_id in Quote.objects.filter(
                    update=update, event__isnull=False
                ).values_list("uid", "event_id")
            )
            self.remove_parts(update)
            self.add_parts([(update, record)])
            self.count("updated", "update", record["uid"], ", ".join(changed))
        self.remember(Update, record["uid"], update.pk)

    def load_event(self, record: dict) -> None:
        """An event with its actors, figures, reports and the quotes about it.

        From the whole archive's dump, the event's parts are replaced by the
        dump's. A slice's event names only the slice's updates and quotes, so
        its reports, figures and quote ties are added or updated, never removed,
        and a figure whose update lies outside the slice keeps the one it has.
        """
        given = _normalized(record)
        event = Event.objects.filter(slug=record["slug"]).first()
        current = {} if event is None else self.exported_event(event)
        fields = [*shapes.EVENT.fields, *shapes.EVENT.refs]
        changed = [key for key in fields if current.get(key) != given[key]]
        if changed:
            values = self.values(shapes.EVENT, record)
            event = event or Event()
            for name, value in values.items():
                setattr(event, name, value)
            self.save(event)
        if current.get("actors") != given["actors"]:
            self._replace(shapes.EVENT_PARTS["actors"], event, record["actors"])
            changed.append("actors")
        for key, identity in (("reports", "update"), ("figures", "uid")):
            if self._merge_parts(key, identity, event, given[key], current):
                changed.append(key)
        ties = list(Quote.objects.filter(uid__in=record["quotes"]).exclude(event=event))
        if self.whole:
            ties += Quote.objects.filter(event=event).exclude(uid__in=record["quotes"])
        for quote in ties:
            quote.event = event if str(quote.uid) in record["quotes"] else None
            self.save(quote)
        if ties:
            changed.append("quotes")
        outcome = "created" if not current else ("updated" if changed else "unchanged")
        detail = "" if outcome == "created" else ", ".join(changed)
        self.count(outcome, "event", record["slug"], detail)

    def _replace(self, shape, event: Event, items: list[dict]) -> None:
        for part in shape.model.objects.filter(event=event):
            part._change_reason = REASON
            part.delete()
        self.create(
            shape.model,
            [shape.model(event=event, **self.values(shape, item)) for item in items],
        )

    def _merge_parts(self, key, identity, event, items, current) -> bool:
        """Bring an event's reports or figures to the dump's; whether any changed."""
        shape = shapes.EVENT_PARTS[key]
        if self.whole:
            if current.get(key) == items:
                return False
            self._replace(shape, event, items)
            return True
        held = {part[identity]: part for part in current.get(key, [])}
        changed = False
        for item in items:
            old = held.get(item[identity])
            if key == "figures" and item["update"] is None and old:
                item = {**item, "update": old["update"]}
            if old == item:
                continue
            values = self.values(shape, item)
            # A figure is itself by its uid (even under another event); a report
            # is this event's for its update.
            if identity == "uid":
                part = shape.model.objects.filter(uid=item["uid"]).first()
            else:
                part = shape.model.objects.filter(
                    event=event, update_id=values["update_id"]
                ).first()
            values["event_id"] = event.pk
            part = part or shape.model(event=event)
            for name, value in values.items():
                setattr(part, name, value)
            self.save(part)
            changed = True
        return changed

    def exported_event(self, event: Event) -> dict:
        selection = Selection(
            updates=Update.objects.none(),
            places=Place.objects.none(),
            organizations=Organization.objects.none(),
            persons=Person.objects.none(),
            stories=Story.objects.none(),
            affiliations=Affiliation.objects.none(),
            events=Event.objects.filter(pk=event.pk),
            whole=True,
        )
        (record,) = writer.event_records(selection)
        return _normalized(record)

    def flush(self) -> None:
        """Insert the waiting new updates, then their parts, kind by kind."""
        if not self.new_updates:
            return
        waiting, self.new_updates = self.new_updates, []
        updates = self.create(Update, [update for update, _ in waiting])
        pairs = [
            (update, record)
            for update, (_, record) in zip(updates, waiting, strict=True)
        ]
        for update, record in pairs:
            self.remember(Update, record["uid"], update.pk)
        self.add_parts(pairs)

    # --- helpers ----------------------------------------------------------

    def values(self, shape, record: dict) -> dict:
        """Model field values for `record`: its fields, references as ids."""
        # A field added to the format after a dump was written takes its default.
        values = {
            name: record[name]
            if name in record
            else shape.model._meta.get_field(name).get_default()
            for name in shape.fields
        }
        for key, lookup in shape.refs.items():
            fk, key_name = lookup.split("__")
            target = shape.model._meta.get_field(fk).related_model
            values[f"{fk}_id"] = self.pk(target, key_name, record[key])
        return values

    def changed_fields(self, shape, instance, record: dict) -> list[str]:
        """The record's keys whose value differs from what the exporter writes."""
        row = shape.rows(shape.model.objects.filter(pk=instance.pk)).get()
        current, given = _normalized(shape.record(row)), _normalized(record)
        return [key for key, value in current.items() if given.get(key, value) != value]

    def exported_update(self, update: Update) -> dict:
        selection = Selection(
            updates=Update.objects.filter(pk=update.pk),
            places=Place.objects.none(),
            organizations=Organization.objects.none(),
            persons=Person.objects.none(),
            stories=Story.objects.none(),
            affiliations=Affiliation.objects.none(),
        )
        (record,) = writer.records(selection)
        return _normalized(record)

    def remove_parts(self, update: Update) -> None:
        for model in (
            VerificationNote,
            Correction,
            Credit,
            Media,
            Quote,
            Contribution,
            PersonMention,
            OrganizationMention,
            PlaceMention,
        ):
            lookup = "media__update" if model is Credit else "update"
            for part in model.objects.filter(**{lookup: update}):
                part._change_reason = REASON
                part.delete()

    def add_parts(self, pairs: list[tuple[Update, dict]]) -> None:
        """Create the parts of (update, record) pairs: one INSERT per kind of part."""

        def dated(update):
            return {"update": update, "published_at": update.published_at}

        for key, (model, ref, target) in MENTIONS.items():
            fields = shapes.UPDATE_PARTS[key].fields
            self.create(
                model,
                [
                    model(
                        **dated(update),
                        **{f"{ref}_id": self.slug(target, item[ref])},
                        **{name: item[name] for name in fields},
                    )
                    for update, record in pairs
                    for item in record[key]
                ],
            )
        fields = shapes.UPDATE_PARTS["quotes"].fields
        quotes = self.create(
            Quote,
            [
                Quote(
                    **dated(update),
                    person_id=self.slug(Person, item["person"]),
                    organization_id=self.slug(Organization, item["organization"]),
                    event_id=self.quote_events.pop(item["uid"], None),
                    # "reported" is newer than the first dumps: absent, False.
                    **{name: item[name] for name in fields if name in item},
                )
                for update, record in pairs
                for item in record["quotes"]
            ],
        )
        fields = shapes.UPDATE_PARTS["media"].fields
        media_records = [item for _, record in pairs for item in record["media"]]
        media = self.create(
            Media,
            [
                Media(
                    update=update,
                    place_id=self.slug(Place, item["place"]),
                    **{name: item[name] for name in fields},
                )
                for update, record in pairs
                for item in record["media"]
            ],
        )
        self.create(
            Credit,
            [
                Credit(
                    media=media_item,
                    person_id=self.slug(Person, credit["person"]),
                    organization_id=self.slug(Organization, credit["organization"]),
                    **{name: credit[name] for name in shapes.CREDIT.fields},
                )
                for media_item, item in zip(media, media_records, strict=True)
                for credit in item["credits"]
            ],
        )
        fields = shapes.UPDATE_PARTS["contributions"].fields
        self.create(
            Contribution,
            [
                Contribution(
                    **dated(update),
                    person_id=self.slug(Person, item["person"]),
                    # Dumps written before organizations could contribute have
                    # no "organization" key: the same version, read the same way.
                    organization_id=self.slug(Organization, item.get("organization")),
                    **{name: item[name] for name in fields},
                )
                for update, record in pairs
                for item in record["contributions"]
            ],
        )
        quote_ids = {str(quote.uid): quote.pk for quote in quotes}
        media_ids = {str(item.uid): item.pk for item in media}
        self.create(
            VerificationNote,
            [
                VerificationNote(
                    update=update,
                    quote_id=quote_ids.get(item["quote"]),
                    media_id=media_ids.get(item["media"]),
                    uid=item["uid"],
                    status=item["status"],
                    note=item["note"],
                    # Provenance is newer than the first dumps: absent, a curator's.
                    **{name: item[name] for name in shapes.PROVENANCE if name in item},
                )
                for update, record in pairs
                for item in record["verification_notes"]
            ],
        )
        fields = shapes.UPDATE_PARTS["corrections"].fields
        self.create(
            Correction,
            [
                Correction(update=update, **{name: item[name] for name in fields})
                for update, record in pairs
                for item in record["corrections"]
            ],
        )

    def create(self, model, instances: list) -> list:
        """Insert `instances` at once, with their history; they come back with ids."""
        if not instances:
            return []
        created = bulk_create_with_history(
            instances, model, default_change_reason=REASON
        )
        # Bulk rows send no signal: their changes are noted here (changes.noting).
        note_created(model, created, at=timezone.now())
        return created

    def save(self, instance) -> None:
        instance._change_reason = REASON
        instance.save()


def _normalized(record: dict) -> dict:
    """`record` as JSON would give it back: what two records are compared as."""
    return orjson.loads(writer._line(record))
