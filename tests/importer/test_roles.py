"""Roles the text gives persons, proposed as affiliations held on the update's
day: read in the forms news uses, stored unconfirmed, reviewed, and never
proposed again where the archive holds the role already."""

import datetime

import pytest

from importer import review
from importer.analysis import analyze
from importer.archive import ArchiveNames
from importer.roles import head_of
from importer.services import import_article
from items.services import undecided_parts
from newsarchive.records import Method
from people.models import Affiliation, Organization, Person

pytestmark = pytest.mark.usefixtures("small_gazetteer")

TEXT = """Strikes on the border, officials say

Kremlin spokesman Dmitry Peskov said on Monday that talks were not planned.

Vyacheslav Gladkov, the governor of Belgorod Oblast, said two houses burned.

Russian President Vladimir Putin met his security council on Tuesday.

In Kursk, the region's governor, Roman Starovoyt, said a drone hit an airfield.

Defense Minister Sergei Shoigu visited troops, and Ivan Fomin, a Russia analyst at \
the Center for European Policy Analysis, said the visit was for television.
"""


def roles_of(text: str) -> set[tuple[str, str, str | None]]:
    analysis = analyze(text, known=ArchiveNames())
    return {
        (r.person.name, r.title, r.where.name if r.where else None)
        for r in analysis.roles
    }


@pytest.mark.django_db
def test_roles_are_read_before_after_and_around_a_name():
    assert roles_of(TEXT) == {
        ("Dmitry Peskov", "spokesman", "Kremlin"),
        ("Vyacheslav Gladkov", "governor", "Belgorod Oblast"),
        ("Vladimir Putin", "president", "Russia"),
        # "the region's governor" of the place named before him: Kursk, a
        # city, whose region a governor governs.
        ("Roman Starovoyt", "governor", "Kursk Oblast"),
        ("Sergei Shoigu", "defense minister", None),
        ("Ivan Fomin", "Russia analyst", "Center for European Policy Analysis"),
    }


@pytest.mark.django_db
def test_a_role_of_somewhere_written_before_the_name():
    text = (
        "Talks in Kyiv\n\n"
        "General Oleksandr Syrsky briefed President of Ukraine Volodymyr "
        "Zelenskyy on Friday.\n\n"
        "Zelenskyy met U.N. Secretary-General António Guterres on Thursday.\n\n"
        "He introduced the new Head of the Odesa Oblast Military Administration "
        "- Oleh Kiper.\n"
    )
    found = roles_of(text)
    assert ("Volodymyr Zelenskyy", "president", "Ukraine") in found
    assert ("António Guterres", "secretary-general", "United Nations") in found
    assert {(p, t) for p, t, _ in found} >= {("Oleh Kiper", "head")}


def test_a_role_of_what_is_named_after_of_in_lower_case_or_after_who():
    text = (
        "Shelling in Donetsk region\n\n"
        "Six people were injured in Kostiantynivka, the head of the Donetsk "
        "regional military administration Vadym Filashkin said.\n\n"
        "A shell hit a building in Donetsk, the Russian-appointed head of the "
        "region, Denis Pushilin, said on Telegram.\n\n"
        "Valeri Paditel, who heads the border guards in the Donetsk region, said "
        "the fighters held out.\n\n"
        "Minister of Foreign Affairs Dmytro Kuleba called on foreign states to "
        "respond.\n"
    )
    found = roles_of(text)
    assert (
        "Vadym Filashkin",
        "head",
        "Donetsk Oblast Military Administration",
    ) in found
    assert ("Denis Pushilin", "head", "Donetsk Oblast") in found
    # Where the border guards are is not what he heads.
    assert ("Valeri Paditel", "head", None) in found
    assert {(p, t) for p, t, _ in found} >= {("Dmytro Kuleba", "minister")}


def test_a_roles_noun_is_the_one_before_what_it_is_of():
    assert head_of("Minister of Foreign Affairs") == "minister"
    assert head_of("chief of staff") == "chief of staff"
    assert head_of("Kremlin spokeswoman") == "spokesperson"


@pytest.mark.django_db
def test_words_that_look_like_roles_are_not_roles():
    text = (
        "Shelling hit the city, witnesses say\n\n"
        "The head of the household, Olena, said nothing. Major Tom flew home.\n\n"
        "A spokesman for the mayor declined to comment on the attack in Kharkiv.\n"
    )
    assert roles_of(text) == set()


def _import(text: str, day=datetime.date(2024, 5, 30)):
    return import_article(text, source_name="roles.txt", published_on=day).update


@pytest.mark.django_db
def test_an_import_proposes_each_role_as_an_affiliation_stated_by_the_update():
    update = _import(TEXT)
    peskov = Affiliation.objects.get(person__name="Dmitry Peskov")
    assert (peskov.title, peskov.organization.name, peskov.jurisdiction) == (
        "spokesman",
        "Kremlin",
        None,
    )
    assert (peskov.source, peskov.method, peskov.is_confirmed) == (
        update,
        Method.IMPORTER,
        False,
    )
    # Open dates: held on the update's day, start and end not known.
    assert (peskov.started_on, peskov.ended_on) == (None, None)
    gladkov = Affiliation.objects.get(person__name="Vyacheslav Gladkov")
    assert gladkov.jurisdiction.name == "Belgorod Oblast"
    assert undecided_parts(update)["roles"] == 6


@pytest.mark.django_db
def test_roles_are_reviewed_confirmed_or_rejected_like_every_proposal(curator):
    update = _import(TEXT)
    roles = {p.summary: p for p in review.proposals_for(update) if p.kind == "role"}
    assert len(roles) == 6
    spokesman = roles["Dmitry Peskov: spokesman, Kremlin (held on the update's day)"]
    analyst = next(p for s, p in roles.items() if s.startswith("Ivan Fomin"))

    assert review.confirm(update, [spokesman.key], acting_user=curator) == 1
    role = Affiliation.objects.get(pk=spokesman.record.pk)
    assert role.is_confirmed and role.person.is_confirmed
    assert review.reject(update, [analyst.key], acting_user=curator) == 1
    assert not Affiliation.objects.filter(person__name="Ivan Fomin").exists()
    rejected = review.rejected_for(update)
    assert [(p.kind, p.summary) for p in rejected] == [("role", "Russia analyst")]
    assert undecided_parts(update)["roles"] == 4


@pytest.mark.django_db
def test_a_role_the_archive_holds_on_the_day_is_not_proposed_again():
    kremlin = Organization.objects.create(name="Kremlin", slug="kremlin")
    peskov = Person.objects.create(name="Dmitry Peskov", slug="dmitry-peskov")
    # "spokesperson" is the archive's word for the same role.
    Affiliation.objects.create(
        person=peskov, title="spokesperson", organization=kremlin
    )
    ended = Person.objects.create(name="Sergei Shoigu", slug="sergei-shoigu")
    Affiliation.objects.create(
        person=ended,
        title="defense minister",
        started_on=datetime.date(2012, 11, 6),
        ended_on=datetime.date(2024, 5, 12),
    )
    _import(TEXT)
    assert Affiliation.objects.filter(person=peskov).count() == 1
    # Shoigu's ended before the update's day: held again, as the text says.
    assert Affiliation.objects.filter(person=ended).count() == 2


@pytest.mark.django_db
def test_a_governors_place_is_the_region_named_not_the_country_after_it():
    text = (
        "Shelling in the south\n\n"
        "Shells struck a farm in the Zaporizhzhia region of southeast Ukraine, "
        "governor Ivan Fedorov said.\n"
    )
    assert roles_of(text) == {("Ivan Fedorov", "governor", "Zaporizhzhia Oblast")}


def test_a_governor_of_a_region_named_with_its_region_word():
    text = (
        "Odesa port hit\n\n"
        "Oleh Kiper, the Odesa region governor, said the facilities were hit.\n"
    )
    assert ("Oleh Kiper", "governor", "Odesa Oblast") in roles_of(text)
