"""Which records a dump holds: the whole archive, or a closed slice of it.

A slice is closed: besides the updates that match, it holds every record they
reference (persons, organizations, places with their ancestors, stories) and the
affiliations of its persons with what those reference, so it loads into an
empty archive.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from items.models import (
    Credit,
    Media,
    OrganizationInvolvement,
    PersonInvolvement,
    PlaceMention,
    Story,
    Update,
)
from people.models import Affiliation, Organization, Person
from places.models import Place

# Filters that take several values; a dump's header lists theirs as lists.
SEVERAL = {"person", "organization", "story"}


def header_filters(given: dict[str, list[str]]) -> dict:
    """Filters as a dump's header states them: lists for SEVERAL, else one value."""
    return {
        name: values if name in SEVERAL else values[-1]
        for name, values in given.items()
        if values
    }


@dataclass
class Selection:
    updates: QuerySet
    places: QuerySet
    organizations: QuerySet
    persons: QuerySet
    stories: QuerySet
    affiliations: QuerySet
    filters: dict = field(default_factory=dict)
    # Every place, person, organization and story, and updates narrowed by status
    # at most: no slice to close.
    whole: bool = False


def whole_archive(
    updates: QuerySet | None = None, *, confirmed_only: bool = False
) -> Selection:
    """Every record; `updates` narrows the updates only (by status, say).

    `confirmed_only` leaves out the persons, organizations and places the
    importer proposed and no curator confirmed: only drafts refer to them, so a
    dump of published updates has no use for them and must not publish them.
    """
    confirmed = {"is_confirmed": True} if confirmed_only else {}
    return Selection(
        updates=Update.objects.all() if updates is None else updates,
        places=Place.objects.filter(**confirmed),
        organizations=Organization.objects.filter(**confirmed),
        persons=Person.objects.filter(**confirmed),
        stories=Story.objects.all(),
        affiliations=Affiliation.objects.all(),
        whole=True,
    )


def closed_slice(updates: QuerySet, filters: dict) -> Selection:
    """`updates` and everything they, and their persons' affiliations, reference."""
    update_ids = updates.order_by().values("id")
    persons = Person.objects.filter(
        Q(
            pk__in=PersonInvolvement.objects.filter(update__in=update_ids).values(
                "person"
            )
        )
        | Q(pk__in=Credit.objects.filter(media__update__in=update_ids).values("person"))
    )
    affiliations = Affiliation.objects.filter(person__in=persons)

    organizations = _ids(
        OrganizationInvolvement.objects.filter(update__in=update_ids), "organization"
    )
    organizations |= _ids(Story.objects.filter(updates__in=update_ids), "publisher")
    organizations |= _ids(affiliations, "organization")
    organizations = _with_parents(organizations)

    places = _ids(PlaceMention.objects.filter(update__in=update_ids), "place")
    places |= _ids(Media.objects.filter(update__in=update_ids), "place")
    places |= _ids(affiliations, "jurisdiction")
    in_organizations = Organization.objects.filter(pk__in=organizations)
    places |= _ids(in_organizations, "country") | _ids(in_organizations, "based_in")
    places = _with_ancestors(places)

    return Selection(
        updates=updates,
        places=Place.objects.filter(pk__in=places),
        organizations=Organization.objects.filter(pk__in=organizations),
        persons=persons,
        stories=Story.objects.filter(pk__in=updates.order_by().values("story")),
        affiliations=affiliations,
        filters=filters,
    )


def _ids(queryset: QuerySet, field: str) -> set[int]:
    found = queryset.order_by().values_list(field, flat=True).distinct()
    return {pk for pk in found if pk is not None}


def _with_parents(ids: set[int]) -> set[int]:
    """`ids` and every organization above them."""
    frontier = ids
    while frontier:
        parents = _ids(Organization.objects.filter(pk__in=frontier), "parent")
        frontier = parents - ids
        ids = ids | frontier
    return ids


def _with_ancestors(ids: set[int]) -> set[int]:
    """`ids` and every place they lie in (read from the materialized paths)."""
    found = set(ids)
    for place in Place.objects.filter(pk__in=ids).only("path"):
        found.update(place.ancestor_ids)
    return found
