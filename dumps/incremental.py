"""Incremental dumps: the records changed since a position of the change feed.

An incremental dump holds every record a change touched since the position
(changes.models.Change), as it is now, and names the others the reader must
let go of:

- `renamed` lines, first: a place, organization, person, story or event whose
  slug changed, from the slug the reader knows to the new one. The reader
  renames its record, so every reference to it follows;
- the records, in the dump's usual order, each whole (its parts replace the
  reader's);
- `deleted` lines, last, in the reverse order (what references before what is
  referenced): a record deleted, merged away, or out of the dump's reach since
  (an update unpublished, in a public dump).

Applied to the archive as it was at the position (a full dump then, or the last
incremental one), it gives the archive as it is now: the same full dump, byte
for byte. A record is named by the key the reader knows it by, its key at the
position.

For the public (`public`), a record that turned public or hidden changes what
every record naming it shows (a mention of a person no longer confirmed is
hidden): those records are given again too.
"""

import functools
from dataclasses import dataclass, field

from django.db.models import Max, Q

from changes.feed import Position
from changes.models import Change
from changes.records import KINDS, ROWS, key_field, model_of
from items.models import Event, Story
from newsarchive.public import only_public
from people.models import Affiliation, Organization, Person
from places.models import Place

from .selection import Selection

# The slug a record is renamed to while another takes its own: no slug the
# archive makes starts with a hyphen.
PARKED = "--parked-"


@dataclass
class Touched:
    """What changed past a position, record by record."""

    ids: dict[str, set[int]] = field(default_factory=lambda: {k: set() for k in KINDS})
    # Per kind, querysets of more ids: the records naming a record that turned
    # public or hidden (they are in `ids` too).
    naming: dict[str, list] = field(default_factory=lambda: {k: [] for k in KINDS})
    # (kind, id): the key the record had at the position.
    known_as: dict[tuple[str, int], str] = field(default_factory=dict)
    # (kind, id) of records created past the position: the reader never had them.
    born: set[tuple[str, int]] = field(default_factory=set)


def touched_since(position: Position) -> Touched:
    touched = Touched()
    rows = (
        Change.objects.filter(position.past())
        .in_order()
        .values_list("kind", "record_id", "key", "previous_key", "own", "history_type")
    )
    for kind, record_id, key, previous_key, own, history_type in rows.iterator(
        chunk_size=5000
    ):
        record = (kind, record_id)
        if record_id in touched.ids[kind]:
            continue
        touched.ids[kind].add(record_id)
        if own and history_type == "+":
            touched.born.add(record)
        else:
            touched.known_as[record] = previous_key or key
    return touched


@dataclass
class Incremental:
    since: Position
    selection: Selection
    renamed: list[dict]
    deleted: list[dict]


def changed_since(position: Position, updates, *, public: bool) -> Incremental:
    """The incremental dump past `position` of the archive `updates` narrows
    (by status), or of what the public sees of it."""
    touched = touched_since(position)
    for kind in KINDS:
        # The key each record had at the position: the reader holds it by that.
        for pk, (key, _) in _at(kind, touched.ids[kind], position).items():
            touched.known_as[(kind, pk)] = key
    if public:
        _with_records_naming_flipped(touched, position)
    ids = touched.ids

    def chosen(kind, queryset):
        # Subqueries, not lists of ids: a week of changes is more ids than
        # SQLite takes as parameters.
        changed = Change.objects.filter(position.past(), kind=kind)
        condition = Q(pk__in=changed.values("record_id"))
        for naming in touched.naming[kind]:
            condition |= Q(pk__in=naming)
        return queryset.filter(condition)

    selection = Selection(
        updates=chosen("update", updates),
        places=chosen("place", Place.objects.all()),
        organizations=chosen("organization", Organization.objects.all()),
        persons=chosen("person", Person.objects.all()),
        stories=chosen("story", Story.objects.all()),
        affiliations=chosen("affiliation", Affiliation.objects.all()),
        events=chosen("event", Event.objects.all()),
        incremental=True,
        public=public,
    )
    shown = {
        "place": selection.places,
        "organization": selection.organizations,
        "person": selection.persons,
        "story": selection.stories,
        "update": selection.updates,
        "affiliation": selection.affiliations,
        "event": selection.events,
    }
    # A key the reader holds may belong to another record now: a slug freed by
    # a merge and taken again, two slugs swapped. Its holder is first renamed
    # out of the way ("parked"), so that no rename, new record or deletion
    # meets the wrong record; a parked record then takes its key, or goes.
    parked, renamed, unparked, deleted = [], [], [], []
    for kind in KINDS:
        key = key_field(kind)
        now = {pk: str(value) for pk, value in shown[kind].values_list("pk", key)}
        had = _had(kind, ids[kind], touched, position, public=public)
        # A record given for naming one that changed keeps the key it had.
        keys = dict(now)
        for chunk in _chunks(had - set(now)):
            held = model_of(kind)._default_manager.filter(pk__in=chunk)
            keys.update((pk, str(value)) for pk, value in held.values_list("pk", key))
        old = {
            record_id: touched.known_as.get((kind, record_id)) or keys[record_id]
            for record_id in sorted(had)
        }
        holder_then = {value: record_id for record_id, value in old.items()}
        holder_now = {value: record_id for record_id, value in now.items()}
        line = functools.partial(_line, kind, key)
        for record_id, known in old.items():
            target = now.get(record_id)
            taken = holder_now if target is None else holder_then
            if taken.get(target or known, record_id) != record_id:
                park = f"{PARKED}{record_id}"
                parked.append(line("renamed", known, to=park))
                known = park
                if target is not None:
                    unparked.append(line("renamed", known, to=target))
                    continue
            if target is None:
                deleted.append(line("deleted", known))
            elif known != target:
                renamed.append(line("renamed", known, to=target))
    deleted.reverse()  # what names comes before what it names
    return Incremental(position, selection, parked + renamed + unparked, deleted)


def _line(kind: str, key: str, type_: str, known: str, **more) -> dict:
    return {"type": type_, "record": kind, key: known, **more}


def _had(kind, ids, touched: Touched, position, *, public: bool) -> set[int]:
    """The records among `ids` that a reader at `position` holds: those that
    existed then; for the public, those that were public then. No other is
    named, so a public dump never names a record that was never public."""
    existed = {pk for pk in ids if (kind, pk) not in touched.born}
    if not public:
        return existed
    then = _public_at(kind, existed, position)
    return {pk for pk in existed if then.get(pk, False)}


def _with_records_naming_flipped(touched: Touched, position: Position) -> None:
    """Add the records that name a record whose public state changed: what they
    show of it changed with it."""
    for kind in KINDS:
        ids = touched.ids[kind]
        if not ids:
            continue
        model = model_of(kind)
        public_now = set()
        for chunk in _chunks(ids):
            shown = only_public(model._default_manager.filter(pk__in=chunk))
            public_now.update(shown.values_list("pk", flat=True))
        then = _public_at(kind, ids, position)
        flipped = {pk for pk in ids if (pk in public_now) != then.get(pk, False)}
        for chunk in _chunks(flipped):
            for other, query, found in _naming(model, chunk):
                touched.naming[other].append(query)
                touched.ids[other].update(found)


def _public_at(kind: str, ids: set[int], position: Position) -> dict[int, bool]:
    """Whether each record was public at `position`."""
    return {pk: public for pk, (_, public) in _at(kind, ids, position).items()}


def _at(kind: str, ids, position: Position) -> dict[int, tuple[str, bool]]:
    """Each record's key then and whether it was public at `position`, by its
    last change then (changes.baseline notes a record that predates changes)."""
    found = {}
    for chunk in _chunks(ids):
        before = Change.objects.filter(kind=kind, record_id__in=chunk).exclude(
            position.past()
        )
        last = before.values("record_id").annotate(last=Max("id")).values("last")
        rows = Change.objects.filter(id__in=last).values_list(
            "record_id", "key", "public"
        )
        found.update((pk, (key, public)) for pk, key, public in rows)
    return found


def _naming(model, ids: list[int]):
    """(kind, query, ids) of the records with a row that references a `model`
    row in `ids`: the query gives their ids, as the set does now."""
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        related = relation.related_model
        for kind, path in ROWS.get(related._meta.label_lower, ()):
            query = related._default_manager.filter(
                **{f"{relation.field.name}__in": ids}
            ).values(path or "pk")
            found = {row[path or "pk"] for row in query} - {None}
            if found:
                yield kind, query, found


def _chunks(ids, size: int = 500):
    listed = sorted(ids)
    for start in range(0, len(listed), size):
        yield listed[start : start + size]
