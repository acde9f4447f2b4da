"""Which records a dump holds: the whole archive, or a closed slice of it.

A slice is closed: besides the updates that match, it holds every record they
reference (persons, organizations, places with their ancestors, stories), the
affiliations of its persons, and the events its updates report, with what those
reference (an event's place, actors and claimants), so it loads into an empty
archive.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from items.models import (
    Credit,
    Event,
    EventActor,
    EventReport,
    Media,
    OrganizationInvolvement,
    PersonInvolvement,
    PlaceMention,
    ReportedFigure,
    Story,
    Update,
)
from newsarchive.public import only_public
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
    # The events the dump holds; none when not given (one update's record).
    events: QuerySet | None = None
    filters: dict = field(default_factory=dict)
    # Every place, person, organization and story, and updates narrowed by status
    # at most: no slice to close.
    whole: bool = False
    # Only what the public sees (newsarchive.public), in every record and part.
    public: bool = False
    # The records changed since a position (dumps.incremental): each is given
    # whole, an event with all its reports, not only those of the dump's updates.
    incremental: bool = False

    @property
    def events_whole(self) -> bool:
        """Whether events name every update reporting them, in or out of the dump."""
        return self.whole or self.incremental

    def __post_init__(self):
        if self.events is None:
            self.events = Event.objects.none()
        if self.public:
            for name in ("updates", "places", "organizations", "persons", "stories"):
                setattr(self, name, only_public(getattr(self, name)))
            self.affiliations = only_public(self.affiliations)
            self.events = only_public(self.events)

    def parts(self, model) -> QuerySet:
        """The rows of `model` (a part of an update, or an alias) it may hold."""
        rows = model.objects.all()
        return only_public(rows) if self.public else rows


def whole_archive(
    updates: QuerySet | None = None, *, public: bool = False
) -> Selection:
    """Every record; `updates` narrows the updates only (by status, say).

    `public`: what the public sees of it (newsarchive.public): published updates
    with their confirmed links, no proposal no curator confirmed.
    """
    return Selection(
        updates=Update.objects.all() if updates is None else updates,
        places=Place.objects.all(),
        organizations=Organization.objects.all(),
        persons=Person.objects.all(),
        stories=Story.objects.all(),
        affiliations=Affiliation.objects.all(),
        events=Event.objects.all(),
        whole=True,
        public=public,
    )


def closed_slice(
    updates: QuerySet, filters: dict, *, public: bool = False
) -> Selection:
    """`updates` and everything they, and their persons' affiliations, reference.

    `public`: as whole_archive(); the references a public record keeps are public
    ones, so the slice stays closed.
    """

    def seen(queryset):
        return only_public(queryset) if public else queryset

    # For the public, only what public links reach: a hidden place's region, or a
    # hidden organization's parent, is no part of a public slice.
    confirmed = (
        (lambda path: {f"{path}__is_confirmed": True}) if public else (lambda path: {})
    )
    updates = seen(updates)
    update_ids = updates.order_by().values("id")
    reports = seen(EventReport.objects.filter(update__in=update_ids))
    events = seen(Event.objects.filter(pk__in=reports.values("event")))
    event_ids = events.order_by().values("id")
    actors = seen(EventActor.objects.filter(event__in=event_ids))
    figures = seen(ReportedFigure.objects.filter(event__in=event_ids))
    persons = seen(
        Person.objects.filter(
            Q(
                pk__in=PersonInvolvement.objects.filter(update__in=update_ids).values(
                    "person"
                )
            )
            | Q(
                pk__in=Credit.objects.filter(media__update__in=update_ids).values(
                    "person"
                )
            )
            | Q(pk__in=actors.values("person"))
            | Q(pk__in=figures.values("person"))
        )
    )
    affiliations = seen(Affiliation.objects.filter(person__in=persons))

    involved = OrganizationInvolvement.objects.filter(update__in=update_ids)
    organizations = _ids(
        seen(Organization.objects.filter(pk__in=involved.values("organization"))),
        "pk",
    )
    publishers = Story.objects.filter(updates__in=update_ids, **confirmed("publisher"))
    organizations |= _ids(publishers, "publisher")
    organizations |= _ids(affiliations, "organization")
    organizations |= _ids(actors, "organization") | _ids(figures, "organization")
    organizations = _with_parents(organizations, public)

    places = _ids(seen(PlaceMention.objects.filter(update__in=update_ids)), "place")
    places |= _ids(
        Media.objects.filter(update__in=update_ids, **confirmed("place")), "place"
    )
    places |= _ids(affiliations, "jurisdiction")
    places |= _ids(events.filter(**confirmed("place")), "place")
    in_organizations = Organization.objects.filter(pk__in=organizations)
    places |= _ids(in_organizations.filter(**confirmed("country")), "country")
    places |= _ids(in_organizations.filter(**confirmed("based_in")), "based_in")
    places = _with_ancestors(places, public)

    return Selection(
        updates=updates,
        places=Place.objects.filter(pk__in=places),
        organizations=Organization.objects.filter(pk__in=organizations),
        persons=persons,
        stories=Story.objects.filter(pk__in=updates.order_by().values("story")),
        affiliations=affiliations,
        events=events,
        filters=filters,
        public=public,
    )


def _ids(queryset: QuerySet, field: str) -> set[int]:
    found = queryset.order_by().values_list(field, flat=True).distinct()
    return {pk for pk in found if pk is not None}


def _with_parents(ids: set[int], public: bool) -> set[int]:
    """`ids` and every organization above them; for the public, up to the first
    hidden one (a public record's reference to it reads null)."""
    frontier = ids
    while frontier:
        above = Organization.objects.filter(pk__in=frontier)
        if public:
            above = above.filter(parent__is_confirmed=True)
        parents = _ids(above, "parent")
        frontier = parents - ids
        ids = ids | frontier
    return ids


def _with_ancestors(ids: set[int], public: bool) -> set[int]:
    """`ids` and every place they lie in (read from the materialized paths); for
    the public, up to the first hidden one (a public record's reference to it
    reads null)."""
    found = set(ids)
    chains = [place.ancestor_ids for place in Place.objects.filter(pk__in=ids)]
    hidden = set()
    if public:
        above = {pk for chain in chains for pk in chain}
        hidden = set(
            Place.objects.filter(pk__in=above, is_confirmed=False).values_list(
                "pk", flat=True
            )
        )
    for chain in chains:
        for pk in reversed(chain):  # nearest first
            if pk in hidden:
                break
            found.add(pk)
    return found
