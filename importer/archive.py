"""The archive's answer to "which of these names do you hold?", for the analysis."""

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
