"""Names from beyond Ukraine and Russia come out whole: long Arabic names with
their particles, an office "of" a country before its holder's name, titles the
Gulf and the UN use; a people's name ("North Korean") is nobody."""

import pytest

from importer.analysis import analyze
from importer.archive import ArchiveNames

from .conftest import _loaded

TEXT = (
    "Talks on the grain corridor\n\n"
    "Prime Minister of Qatar Mohammed bin Abdulrahman bin Jassim Al Thani met "
    "Ukraine's foreign minister on Monday.\n\n"
    "Saudi Crown Prince Mohammed bin Salman spoke with Volodymyr Zelensky by "
    "phone.\n\n"
    "UAE President Sheikh Mohamed bin Zayed Al Nahyan and UN Secretary-General "
    "Antonio Guterres discussed the deal.\n\n"
    "North Korean leader Kim Jong Un hosted the Russian defense minister, and "
    "South African officials said nothing.\n"
)


@pytest.fixture(scope="module")
def gulf_gazetteer(django_db_setup, django_db_blocker):
    with _loaded(django_db_blocker, countries="QA,AE,UA", detailed=""):
        yield


def test_long_names_and_offices_of_a_country_give_whole_persons():
    persons = {e.name for e in analyze(TEXT).of_kind("person")}
    assert persons == {
        "Mohammed bin Abdulrahman bin Jassim Al Thani",
        "Mohammed bin Salman",
        "Mohamed bin Zayed Al Nahyan",
        "Antonio Guterres",
        "Volodymyr Zelensky",
        "Kim Jong Un",
    }


@pytest.mark.usefixtures("gulf_gazetteer")
def test_the_country_an_office_is_of_is_a_place(db):
    places = {e.name for e in analyze(TEXT, known=ArchiveNames()).of_kind("place")}
    assert {"Qatar", "United Arab Emirates", "Ukraine"} <= places


def test_a_live_pages_clocks_are_furniture():
    text = (
        "Live updates\n\n"
        "Kyiv March 6, 6:00 p.m.\n\n"
        "Washington March 6, 11:00 a.m.\n\n"
        "Shelling went on outside Kyiv on Sunday.\n"
    )
    analysis = analyze(text)
    assert "Washington March 6, 11:00 a.m." in analysis.removed
    assert "Washington" not in analysis.body


def test_days_and_events_in_capitals_are_nobody():
    text = (
        "Parade\n\n"
        "Russia marked Victory Day in Moscow. A UAV Attack hit the city overnight, "
        "and Kremlin Spokesman Dmitry Peskov declined to comment.\n"
    )
    assert {e.name for e in analyze(text).of_kind("person")} == {"Dmitry Peskov"}


@pytest.mark.usefixtures("small_gazetteer")
def test_a_direction_before_a_place_is_that_place(db):
    text = "Strikes\n\nDrones hit Eastern Ukraine overnight.\n"
    analysis = analyze(text, known=ArchiveNames())
    assert [e.name for e in analysis.of_kind("person")] == []
    assert "Ukraine" in {e.name for e in analysis.of_kind("place")}


def test_the_head_of_a_body_is_a_person_apart_from_it():
    text = (
        "Strikes on Kharkiv\n\n"
        "Head of the Kharkiv Regional Military Administration Oleh Syniehubov "
        "said two people were hurt.\n"
    )
    analysis = analyze(text)
    assert [e.name for e in analysis.of_kind("person")] == ["Oleh Syniehubov"]
    assert "Kharkiv Regional Military Administration" in {
        e.name for e in analysis.of_kind("organization")
    }


@pytest.fixture(scope="module")
def regions_called_west(django_db_setup, django_db_blocker):
    """Ghana's Western region and Cameroon's West region, beside Ukraine."""
    with _loaded(django_db_blocker, countries="GH,CM,UA", detailed=""):
        yield


@pytest.mark.usefixtures("regions_called_west")
def test_the_west_is_no_place_and_no_group(db):
    text = (
        "Kremlin\n\n"
        "Ukraine and its Western backers rejected the plan, and Peskov said the "
        "pressure from the West would fail.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    names = {e.name for e in analysis.entities}
    assert "Ukraine" in names
    assert not names & {"West", "Western"}


def test_surnames_first_names_after_a_role_and_offices_before_a_holder():
    text = (
        "Lyman\n\n"
        "Ukraine soldier Volodymyr relishes a few moments of calm. “The fighting "
        "is hard,” Volodymyr said.\n\n"
        "Shelling went on, Kyrylenko said.\n\n"
        "Minister of Foreign Affairs Dmytro Kuleba called for more air defense.\n\n"
        "Donetsk Regional Military Administration Head Pavlo Kyrylenko said two "
        "people died.\n"
    )
    analysis = analyze(text)
    persons = {e.name: e for e in analysis.of_kind("person")}
    assert set(persons) == {"Volodymyr", "Pavlo Kyrylenko", "Dmytro Kuleba"}
    assert "Kyrylenko" in persons["Pavlo Kyrylenko"].forms
    assert "Kyrylenko" not in {o.name for o in analysis.of_kind("organization")}


def test_aircraft_weapons_peoples_and_titles_alone_are_nobody():
    text = (
        "Black Sea\n\n"
        "A Russian SU-27 fired a missile near an RAF RC-135 Rivet Joint, and "
        "MLRS units fired back. The Dutch Minister said the US Congress would "
        "vote.\n"
    )
    analysis = analyze(text)
    assert analysis.of_kind("person") == []
    assert [e.name for e in analysis.of_kind("organization")] == ["US Congress"]


def test_a_countrys_name_before_a_ministry_is_its_country():
    text = (
        "Missiles on Kyiv\n\n"
        "The Ukraine Ministry of Foreign Affairs condemned the attack.\n"
    )
    assert [e.name for e in analyze(text).of_kind("organization")] == [
        "Ministry of Foreign Affairs of Ukraine"
    ]
