from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from changes.noting import note_created
from newsarchive.aggregate_cache import archive_changed
from newsarchive.merging import (
    lock_updates_referring_to,
    merge_reason,
    move_references,
    record_change,
)
from newsarchive.records import Method

from .gazetteer import Entry
from .models import Place, PlaceAlias, normalize_name


@transaction.atomic
def save_place(
    place: Place, *, acting_user: AbstractBaseUser | None, reason: str = ""
) -> Place:
    """Validate and save `place`; if it moved, re-root every place inside it.

    Raises ValidationError when the new parent lies inside the place itself.
    """
    place.full_clean()
    old_prefix = None
    if place.pk is not None:
        stored = Place.objects.select_for_update().filter(pk=place.pk).first()
        if stored is not None and stored.parent_id != place.parent_id:
            old_prefix = stored.descendant_prefix
    record_change(place, acting_user=acting_user, reason=reason)
    place.save()
    if old_prefix is not None and old_prefix != place.descendant_prefix:
        # `path` is derived and left out of the history tables, so one UPDATE of the
        # whole subtree loses no history; curated fields are never written this way.
        Place.objects.under_prefix(old_prefix).update(
            path=Concat(
                Value(place.descendant_prefix), Substr("path", len(old_prefix) + 1)
            )
        )
    return place


def move_place(
    place: Place, *, parent: Place | None, acting_user: AbstractBaseUser | None
) -> Place:
    """Put `place` inside `parent`, carrying everything inside it along."""
    place.parent = parent
    return save_place(place, acting_user=acting_user, reason=f"moved under {parent}")


def add_place_alias(
    place: Place,
    *,
    name: str,
    kind: str = PlaceAlias.Kind.SHORT_FORM,
    acting_user: AbstractBaseUser | None,
    method: str = Method.CURATOR,
) -> PlaceAlias | None:
    """Record `name` as another name of `place`, unless it already is one."""
    name = normalize_name(name)
    if not name or name.lower() == place.name.lower():
        return None
    existing = place.aliases.filter(name__lower=name.lower()).first()
    if existing is not None:
        return existing
    # An importer's alias is a proposal until a curator confirms it.
    alias = PlaceAlias(
        place=place,
        name=name,
        kind=kind,
        method=method,
        is_confirmed=method != Method.IMPORTER,
    )
    alias.full_clean()
    record_change(alias, acting_user=acting_user, reason="alias added")
    alias.save()
    return alias


@transaction.atomic
def merge_places(
    keep: Place, *, duplicate: Place, acting_user: AbstractBaseUser | None
) -> Place:
    """Fold `duplicate` into `keep`: references, children and names move, then it goes.

    The duplicate's name becomes an alias of `keep`. Raises ValidationError when the
    two are the same place or `keep` lies inside `duplicate`.
    """
    lock_updates_referring_to(duplicate)
    keep = Place.objects.select_for_update().get(pk=keep.pk)
    duplicate = Place.objects.select_for_update().get(pk=duplicate.pk)
    if keep.pk == duplicate.pk:
        raise ValidationError("A place cannot be merged into itself.")
    if Place.objects.inside(duplicate).filter(pk=keep.pk).exists():
        raise ValidationError(
            f"{keep} lies inside {duplicate}; merge them the other way round."
        )
    reason = merge_reason(keep, duplicate=duplicate)
    for child in duplicate.children.all():
        child.parent = keep
        save_place(child, acting_user=acting_user, reason=reason)
    move_references(
        keep,
        duplicate=duplicate,
        acting_user=acting_user,
        reason=reason,
        skip=frozenset({"children"}),
    )
    add_place_alias(keep, name=duplicate.name, acting_user=acting_user)
    for alias in keep.aliases.filter(name__lower=keep.name.lower()):
        record_change(alias, acting_user=acting_user, reason=reason)
        alias.delete()
    for field in ("wikidata_id", "country_code", "latitude", "longitude"):
        if getattr(keep, field) in (None, "") and getattr(duplicate, field) not in (
            None,
            "",
        ):
            setattr(keep, field, getattr(duplicate, field))
    record_change(keep, acting_user=acting_user, reason=reason)
    keep.save()
    record_change(duplicate, acting_user=acting_user, reason=reason)
    duplicate.delete()
    return keep


@transaction.atomic
def load_gazetteer(
    entries: list[Entry], *, progress: Callable[[int], object] | None = None
) -> dict[str, int]:
    """Write the gazetteer's `entries` (parents first) into the archive's places.

    Idempotent. A place the archive already holds is recognized by its GeoNames
    id, its ISO code, or (a place typed before the gazetteer was loaded, such as
    the demo's) by its slug, kind and parent; it only gains what it lacks
    (identifiers, coordinates, aliases): a curator's name or parent is kept.
    Returns how many places and aliases were created and how many places were
    completed. `progress`, if given, is told how many entries each step wrote.
    """
    counts = {"created": 0, "completed": 0, "aliases": 0}
    existing = list(Place.objects.all())
    by_geonames = {p.geonames_id: p for p in existing if p.geonames_id}
    by_iso = {p.iso_code: p for p in existing if p.iso_code}
    by_country = {p.country_code: p for p in existing if p.kind == Place.Kind.COUNTRY}
    by_slug = {p.slug: p for p in existing}
    taken = set(by_slug)
    places: dict[str, Place] = {}
    alias_names = defaultdict(set)
    for place_id, name in PlaceAlias.objects.values_list("place_id", "name"):
        alias_names[place_id].add(name.lower())

    def find(entry: Entry, parent: Place | None) -> Place | None:
        found = (
            by_geonames.get(entry.geonames_id)
            or by_iso.get(entry.iso_code)
            or (by_country.get(entry.country_code) if entry.country_code else None)
        )
        if found is None:
            typed = by_slug.get(slugify(entry.name))
            if (
                typed is not None
                and typed.kind == entry.kind
                and not (typed.geonames_id or typed.iso_code)
                and typed.parent_id == (parent.pk if parent else None)
            ):
                found = typed
        return found

    def slug_for(entry: Entry, parent: Place | None) -> str:
        base = slugify(entry.name) or "place"
        candidates = [base]
        if parent is not None:
            candidates.append(f"{base}-{parent.slug}")
        candidates.append(f"{base}-{entry.geonames_id or entry.key.split(':')[1]}")
        slug = next((s for s in candidates if s not in taken), None)
        if slug is None:
            slug = f"{base}-{len(taken)}"
        taken.add(slug)
        return slug

    # Level by level, so that each parent has its id (and path) before its children
    # are written; within a level the most populous place gets the plain slug.
    levels = defaultdict(list)
    depth = {}
    for entry in entries:
        depth[entry.key] = depth[entry.parent_key] + 1 if entry.parent_key else 0
        levels[depth[entry.key]].append(entry)
    new_aliases = []

    def write(created: list[Place]) -> None:
        bulk_create_with_history(
            created, Place, batch_size=2000, default_change_reason="load_gazetteer"
        )
        # Bulk rows send no signal: their changes are noted here.
        note_created(Place, created, at=timezone.now())
        counts["created"] += len(created)
        if progress is not None:
            progress(len(created))
        created.clear()

    def complete(completed: list[Place]) -> None:
        # Completing only fills empty identifiers and coordinates of places that
        # stay where they are: one UPDATE per batch instead of a validated save
        # each (3,000 typed places took 50 s one by one). The versions move on,
        # so an edit form opened before the load is refused, as after any save.
        now = timezone.now()
        for place in completed:
            place.version += 1
            place.updated_at = now
        bulk_update_with_history(
            completed,
            Place,
            [*COMPLETED_FIELDS, "version", "updated_at"],
            batch_size=500,
            default_change_reason="load_gazetteer",
        )
        note_created(Place, completed, at=now, history_type="~")

    for level in sorted(levels):
        created, completed = [], []
        for entry in sorted(levels[level], key=lambda e: -e.population):
            parent = places.get(entry.parent_key) if entry.parent_key else None
            place = find(entry, parent)
            if place is None:
                place = Place(
                    name=entry.name,
                    slug=slug_for(entry, parent),
                    kind=entry.kind,
                    parent=parent,
                    path=parent.descendant_prefix if parent else "",
                    country_code=entry.country_code,
                    iso_code=entry.iso_code,
                    geonames_id=entry.geonames_id,
                    latitude=_coordinate(entry.latitude),
                    longitude=_coordinate(entry.longitude),
                )
                created.append(place)
                if len(created) == 2000:
                    write(created)
            else:
                moved = place.parent_id is None and parent is not None
                if _complete(place, entry, parent):
                    counts["completed"] += 1
                    if moved:  # its subtree's paths change: the one-by-one way
                        save_place(place, acting_user=None, reason="load_gazetteer")
                    else:
                        completed.append(place)
                if progress is not None:
                    progress(1)
            places[entry.key] = place
        write(created)
        complete(completed)
        for entry in levels[level]:
            place = places[entry.key]
            known = alias_names[place.pk] | {place.name.lower()}
            for name, kind in entry.aliases.items():
                if name.lower() not in known:
                    known.add(name.lower())
                    new_aliases.append(
                        PlaceAlias(place=place, name=name[:200], kind=kind)
                    )
    bulk_create_with_history(
        new_aliases, PlaceAlias, batch_size=2000, default_change_reason="load_gazetteer"
    )
    note_created(PlaceAlias, new_aliases, at=timezone.now())
    counts["aliases"] = len(new_aliases)
    # Rows written in bulk send no signal: kept counts are forgotten here.
    archive_changed()
    return counts


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


COMPLETED_FIELDS = ["geonames_id", "iso_code", "country_code", "latitude", "longitude"]


def _complete(place: Place, entry: Entry, parent: Place | None) -> bool:
    """Fill in what `place` lacks from `entry`; True when anything changed."""
    changed = False
    for field, value in zip(
        COMPLETED_FIELDS,
        (
            entry.geonames_id,
            entry.iso_code,
            entry.country_code,
            _coordinate(entry.latitude),
            _coordinate(entry.longitude),
        ),
        strict=True,
    ):
        if value not in (None, "") and getattr(place, field) in (None, ""):
            setattr(place, field, value)
            changed = True
    if place.parent_id is None and parent is not None and entry.kind != "country":
        place.parent = parent
        changed = True
    return changed
