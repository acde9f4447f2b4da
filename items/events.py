"""What curators, the importer and the API do with events: one set of functions."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from newsarchive.merging import (
    lock_updates_referring_to,
    merge_reason,
    move_references,
    record_change,
)
from places.models import Place

from .models import Event
from .models.events import KINDS

# How far apart an update's day and an event's days may be for the update to
# report it: news of a night's strike runs for a few days.
REPORTING_DAYS = 3


def matching_events(kind: str, place: Place | None, day: datetime.date):
    """Events an update about a `kind` incident at `place` on `day` may report:
    of a kind of the same ACLED type, in the same region (or at a place the
    update's place lies in), under way within REPORTING_DAYS of `day`; the
    nearest in time first. Draft events count: two imported reports of one
    incident meet at one event."""
    category = KINDS[kind][1]
    kinds = [other for other, (_, group) in KINDS.items() if group == category]
    window = datetime.timedelta(days=REPORTING_DAYS)
    found = Event.objects.filter(kind__in=kinds).overlapping(day - window, day + window)
    if place is not None:
        around = Place.objects.inside(region_of(place)).values("pk")
        found = found.filter(Q(place__in=around) | Q(place__in=place.ancestor_ids))
    candidates = found.order_by("-started_on", "-id")[:50]
    return sorted(candidates, key=lambda event: abs((event.started_on - day).days))


def region_of(place: Place) -> Place:
    """The first-level region a place lies in (itself for a region or a country)."""
    if place.kind in (Place.Kind.COUNTRY, Place.Kind.REGION):
        return place
    for ancestor in place.ancestors():  # nearest first
        if ancestor.kind == Place.Kind.REGION:
            return ancestor
    return place


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
