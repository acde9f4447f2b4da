from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from newsarchive.merging import move_references, record_change
from newsarchive.records import Method

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
    alias = PlaceAlias(place=place, name=name, kind=kind, method=method)
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
    keep = Place.objects.select_for_update().get(pk=keep.pk)
    duplicate = Place.objects.select_for_update().get(pk=duplicate.pk)
    if keep.pk == duplicate.pk:
        raise ValidationError("A place cannot be merged into itself.")
    if Place.objects.inside(duplicate).filter(pk=keep.pk).exists():
        raise ValidationError(
            f"{keep} lies inside {duplicate}; merge them the other way round."
        )
    reason = f"merged {duplicate} (#{duplicate.pk}) into {keep} (#{keep.pk})"
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
