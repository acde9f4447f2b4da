"""The archive's answer to "which of these names do you hold?", for the analysis."""

import re

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from people.models import Alias, Organization, Person
from places.models import Place, PlaceAlias, attach_ancestors

from .analysis import Known


class ArchiveNames(Known):
    """Names looked up in the database, one query per kind and table."""

    def places(self, names: set[str]) -> dict[str, list[dict]]:
        names = {n for n in names if n}
        if not names:
            return {}
        matches: dict[str, set[int]] = {}
        canonical = Place.objects.annotate(lower=Lower("name")).filter(lower__in=names)
        for pk, lower in canonical.values_list("pk", "lower"):
            matches.setdefault(lower, set()).add(pk)
        aliases = PlaceAlias.objects.annotate(lower=Lower("name")).filter(
            lower__in=names
        )
        for pk, lower in aliases.values_list("place_id", "lower"):
            matches.setdefault(lower, set()).add(pk)
        ids = {pk for pks in matches.values() for pk in pks}
        places = Place.objects.in_bulk(ids)
        attach_ancestors(list(places.values()))
        found = {}
        for lower, pks in matches.items():
            rows = [_place_row(places[pk]) for pk in sorted(pks)]
            found[lower] = rows
        return found

    def persons(self, names: set[str]) -> dict[str, tuple[int, str]]:
        return _named(Person, "person", names)

    def organizations(self, names: set[str]) -> dict[str, tuple[int, str]]:
        return _named(Organization, "organization", names)

    def regions(self) -> list[dict]:
        regions = list(
            Place.objects.filter(
                kind=Place.Kind.REGION,
                parent__kind=Place.Kind.COUNTRY,
                parent__name__in=REGION_COUNTRIES,
                is_confirmed=True,
            ).prefetch_related("aliases")
        )
        attach_ancestors(regions)
        rows = []
        for region in regions:
            row = _place_row(region)
            names = {region.name, *(a.name for a in region.aliases.all())}
            row["names"] = sorted(
                {_short_region(name) for name in names if name.isascii()}
            )
            rows.append(row)
        return rows

    def persons_by_surname(self, surnames: set[str]) -> dict[str, list[tuple]]:
        surnames = {s for s in surnames if len(s) > 2}
        if not surnames:
            return {}
        ends = Q()
        for surname in surnames:
            ends |= Q(lower__endswith=f" {surname}")
        found: dict[str, list[tuple]] = {}

        def add(pk, name, written):
            surname = written.lower().rsplit(" ", 1)[-1]
            if surname in surnames and pk not in [
                row[0] for row in found.get(surname, [])
            ]:
                found.setdefault(surname, []).append((pk, name, written))

        persons = Person.objects.annotate(lower=Lower("name")).filter(ends)
        for pk, name in persons.values_list("pk", "name")[:200]:
            add(pk, name, name)
        aliases = (
            Alias.objects.annotate(lower=Lower("name"))
            .filter(ends, person__isnull=False)
            .values_list("person_id", "person__name", "name")
        )
        for pk, name, written in aliases[:200]:
            add(pk, name, written)
        return found

    def honorifics(self, person_ids: set[int]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        aliases = Alias.objects.filter(
            person__in=person_ids, is_confirmed=True
        ).values_list("person_id", "name")
        for pk, name in aliases:
            first = name.split()[0].rstrip(".") + "."
            if first in {"Mr.", "Ms.", "Mrs."}:
                found.setdefault(pk, set()).add(first)
        return found


# Where machine-translated names of regions are met most: the war's countries.
REGION_COUNTRIES = ("Russia", "Ukraine", "Belarus")
REGION_WORDS = re.compile(
    r"\s+(?:Oblast|Krai|Region|Republic|Autonomous Okrug|region|oblast)$"
)


def _short_region(name: str) -> str:
    """ "Bryansk Oblast" is called "Bryansk" beside a region word."""
    return REGION_WORDS.sub("", name)


def _place_row(place: Place) -> dict:
    return {
        "id": place.pk,
        "name": place.name,
        "kind": place.kind,
        "plain_slug": place.slug == slugify(place.name),
        "ancestors": [
            {"id": a.pk, "name": a.name, "kind": a.kind} for a in place.ancestors()
        ],
    }


def _named(model, owner: str, names: set[str]) -> dict[str, tuple[int, str]]:
    names = {n for n in names if n}
    if not names:
        return {}
    found = {}
    rows = model.objects.annotate(lower=Lower("name")).filter(lower__in=names)
    for pk, name, lower in rows.values_list("pk", "name", "lower"):
        found.setdefault(lower, (pk, name))
    aliases = (
        Alias.objects.annotate(lower=Lower("name"))
        .filter(lower__in=names, **{f"{owner}__isnull": False})
        .values_list(f"{owner}_id", f"{owner}__name", "lower")
    )
    for pk, name, lower in aliases:
        found.setdefault(lower, (pk, name))
    return found
