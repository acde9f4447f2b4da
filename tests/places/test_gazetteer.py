"""load_gazetteer: real countries, ISO subdivisions and GeoNames cities, one tree."""

import pytest
from django.core.management import CommandError, call_command

from items.demo import load_demo_archive
from places.gazetteer import fingerprint
from places.models import Place

# Three countries, and no villages, keep the load to a few seconds; the joins are
# the same for all (tests/places/test_naming.py loads Ukraine's villages).
COUNTRIES = "RU,UA,US"


def load(**options):
    options.setdefault("detailed", "")
    call_command("load_gazetteer", countries=COUNTRIES, **options)


def path_of(place: Place) -> list[str]:
    return [p.name for p in [place, *place.ancestors()]]


@pytest.mark.django_db
def test_cities_sit_in_their_iso_subdivisions_under_english_names():
    load()
    belgorod = Place.objects.get(geonames_id=578072)
    assert path_of(belgorod) == ["Belgorod", "Belgorod Oblast", "Russia"]
    oblast = belgorod.parent
    assert oblast.iso_code == "RU-BEL"
    assert oblast.kind == Place.Kind.REGION
    assert {"Belgorod region", "Belgorodskaya oblast'"} <= set(
        oblast.aliases.values_list("name", flat=True)
    )
    bakhmut = Place.objects.get(geonames_id=713174)
    assert path_of(bakhmut) == ["Bakhmut", "Donetsk Oblast", "Ukraine"]
    assert bakhmut.parent.iso_code == "UA-14"
    assert float(bakhmut.latitude) == pytest.approx(48.594, abs=0.01)
    # A subdivision that is a city is that city, directly in its country.
    moscow = Place.objects.get(iso_code="RU-MOW")
    assert (moscow.name, moscow.geonames_id) == ("Moscow", 524901)
    assert path_of(moscow) == ["Moscow", "Russia"]
    washington = Place.objects.get(iso_code="US-DC")
    assert path_of(washington) == ["Washington", "United States"]
    assert washington.slug == "washington"
    # A region query finds the cities inside it.
    assert Place.objects.inside(oblast).filter(pk=belgorod.pk).exists()


@pytest.mark.django_db
def test_a_second_load_changes_nothing(capsys):
    load()
    first = Place.objects.count()
    capsys.readouterr()
    load(force=True)
    assert Place.objects.count() == first
    assert "0 created, 0 completed, 0 aliases added" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_load_already_done_stops_at_once_and_a_flushed_one_loads_again(capsys):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    load()
    capsys.readouterr()
    with CaptureQueriesContext(connection) as queries:
        load()
    assert "loaded already" in capsys.readouterr().out
    assert len(queries) <= 3  # the record of the load and a count, nothing more

    # The places the load wrote are gone (here: no longer the gazetteer's).
    Place.objects.update(geonames_id=None, iso_code="")
    load()
    assert "loaded already" not in capsys.readouterr().out
    assert Place.objects.filter(geonames_id=578072).exists()


@pytest.mark.django_db
def test_another_choice_of_countries_is_another_load(capsys):
    load()
    capsys.readouterr()
    call_command("load_gazetteer", countries="RU", detailed="")
    assert "loaded already" not in capsys.readouterr().out
    # Russia's villages too would be another load again.
    options = {"min_population": 15000, "countries": {"RU"}}
    assert (
        fingerprint(**options, detailed=frozenset())[0]
        != fingerprint(**options, detailed=frozenset({"RU"}))[0]
    )


@pytest.mark.django_db
def test_places_typed_before_the_gazetteer_are_completed_not_copied():
    load_demo_archive()
    typed = Place.objects.get(slug="belgorod-oblast")
    typed.name = "Belgorod Oblast (curated)"
    typed.save()
    opened_at = typed.version
    load()
    assert Place.objects.filter(iso_code="RU-BEL").get().pk == typed.pk
    typed.refresh_from_db()
    assert typed.name == "Belgorod Oblast (curated)"  # a curator's name is kept
    # The completion is a change like any other: in the history, and a form
    # opened before it is refused (the version moved on).
    assert typed.version == opened_at + 1
    last = typed.history.first()
    assert (last.iso_code, last.history_change_reason) == ("RU-BEL", "load_gazetteer")
    assert Place.objects.get(slug="belgorod").geonames_id == 578072
    assert Place.objects.filter(name="Bakhmut").count() == 1
    # The demo loads again on top of the gazetteer without doubling anything.
    count = Place.objects.count()
    load_demo_archive()
    assert Place.objects.count() == count


@pytest.mark.django_db
def test_bad_options_are_named():
    with pytest.raises(CommandError, match="--countries"):
        call_command("load_gazetteer", countries="RUS,U1")
    with pytest.raises(CommandError, match="--detailed"):
        call_command("load_gazetteer", detailed="UKR")
    with pytest.raises(CommandError, match="--min-population"):
        call_command("load_gazetteer", min_population=10)
