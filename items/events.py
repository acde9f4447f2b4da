"""What curators, the importer and the API do with events: one set of functions."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from newsarchive.merging import (
    lock_updates_referring_to,
    merge_reason,
    move_references,
    record_change,
)

from .models import Event


@transaction.atomic
def merge_events(
    keep: Event, *, duplicate: Event, acting_user: AbstractBaseUser | None
) -> Event:
    """Fold `duplicate` into `keep`: its reports, actors, figures and quotes move.

    Two curators often open an event for one incident from two outlets' updates.
    The kept event's dates widen to cover both, and an empty summary or place is
    taken from the duplicate; a report or actor that `keep` already has is
    dropped, not doubled.
    """
    lock_updates_referring_to(duplicate)
    keep = Event.objects.select_for_update().get(pk=keep.pk)
    duplicate = Event.objects.select_for_update().get(pk=duplicate.pk)
    if keep.pk == duplicate.pk:
        raise ValidationError("An event cannot be merged into itself.")
    reason = merge_reason(keep, duplicate=duplicate)
    move_references(keep, duplicate=duplicate, acting_user=acting_user, reason=reason)
    last = max(
        keep.ended_on or keep.started_on, duplicate.ended_on or duplicate.started_on
    )
    keep.started_on = min(keep.started_on, duplicate.started_on)
    keep.ended_on = last if last != keep.started_on else None
    for field in ("summary", "place"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    record_change(keep, acting_user=acting_user, reason=reason)
    keep.save()
    record_change(duplicate, acting_user=acting_user, reason=reason)
    duplicate.delete()
    return keep
