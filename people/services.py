from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from newsarchive.merging import (
    lock_updates_referring_to,
    merge_reason,
    move_references,
    record_change,
)
from newsarchive.records import Method
from places.models import normalize_name

from .models import Alias, Organization, Person


def add_alias(
    owner: Person | Organization,
    *,
    name: str,
    kind: str = Alias.Kind.SHORT_FORM,
    acting_user: AbstractBaseUser | None,
    method: str = Method.CURATOR,
    note: str = "",
) -> Alias | None:
    """Record `name` as another name of `owner`, unless it already is one."""
    name = normalize_name(name)
    if not name or name.lower() == owner.name.lower():
        return None
    existing = owner.aliases.filter(name__lower=name.lower()).first()
    if existing is not None:
        return existing
    # An importer's alias is a proposal until a curator confirms it.
    alias = Alias(
        name=name,
        kind=kind,
        method=method,
        note=note,
        is_confirmed=method != Method.IMPORTER,
    )
    setattr(alias, owner._meta.model_name, owner)
    alias.full_clean()
    record_change(alias, acting_user=acting_user, reason="alias added")
    alias.save()
    return alias


def _merge(keep, duplicate, *, acting_user, skip=frozenset()):
    model = type(keep)
    lock_updates_referring_to(duplicate)
    keep = model.objects.select_for_update().get(pk=keep.pk)
    duplicate = model.objects.select_for_update().get(pk=duplicate.pk)
    label = model._meta.verbose_name
    if keep.pk == duplicate.pk:
        raise ValidationError(f"A {label} cannot be merged into itself.")
    reason = merge_reason(keep, duplicate=duplicate)
    move_references(
        keep, duplicate=duplicate, acting_user=acting_user, reason=reason, skip=skip
    )
    add_alias(keep, name=duplicate.name, acting_user=acting_user, note=reason)
    # A moved alias that spells the kept record's own name says nothing new.
    for alias in keep.aliases.filter(name__lower=keep.name.lower()):
        record_change(alias, acting_user=acting_user, reason=reason)
        alias.delete()
    for field in ("description", "wikidata_id"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    record_change(keep, acting_user=acting_user, reason=reason)
    keep.save()
    record_change(duplicate, acting_user=acting_user, reason=reason)
    duplicate.delete()
    return keep


@transaction.atomic
def merge_people(
    keep: Person, *, duplicate: Person, acting_user: AbstractBaseUser | None
) -> Person:
    """Move everything that points at `duplicate` onto `keep`, then delete it.

    The duplicate's name is kept as an Alias so old links still resolve.
    """
    return _merge(keep, duplicate, acting_user=acting_user)


@transaction.atomic
def merge_organizations(
    keep: Organization,
    *,
    duplicate: Organization,
    acting_user: AbstractBaseUser | None,
) -> Organization:
    """Move everything that points at `duplicate` onto `keep`, then delete it.

    Refused when `keep` is part of `duplicate`, which would make it its own parent.
    """
    ancestor = keep.parent
    while ancestor is not None:
        if ancestor.pk == duplicate.pk:
            raise ValidationError(
                f"{keep} is part of {duplicate}; merge them the other way round."
            )
        ancestor = ancestor.parent
    return _merge(keep, duplicate, acting_user=acting_user)
