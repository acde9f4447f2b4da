"""The rules on small texts, without the archive: each line of behaviour the
answer keys rely on, shown on its own."""

import datetime
from pathlib import Path

import pytest

from importer.analysis import analyze
from importer.credits import credit_roles

TEXT = (Path(__file__).parent / "rules-article.txt").read_text(encoding="utf-8")


def by_text(analysis, start):
    return next(q for q in analysis.quotes if q.text.startswith(start))


def test_boilerplate_title_and_date():
    analysis = analyze(TEXT)
    assert analysis.title == "Ukraine Live: Day 500"
    assert analysis.removed == ["the repeated title line", "Share this article"]
    assert "Share this article" not in analysis.body
    assert analysis.published_on == datetime.date(2024, 3, 3)
    assert "March 3, 2024" in analysis.date_reason


def test_names_aliases_and_quotes():
    analysis = analyze(TEXT)
    persons = {e.name: e for e in analysis.of_kind("person")}
    assert "Kovalenko" in persons["Oleksandr Kovalenko"].aliases
    assert "Mr. Kovalenko" in persons["Oleksandr Kovalenko"].aliases
    assert "Yuriy the Watcher" in persons["Yuriy Ihnat"].aliases
    # A quote left open at a paragraph's end goes on in the next paragraph.
    continued = by_text(analysis, "The enemy has lost the initiative")
    assert "before the summer" in continued.text
    assert continued.speaker.name == "Oleksandr Kovalenko"
    assert by_text(analysis, "Nobody slept").speaker is None
    assert by_text(analysis, "Nobody slept").description == "one woman"
    assert by_text(analysis, "Nobody slept").channel == "video"
    assert len(analysis.quotes) == 2


def test_credit_line_contributors_and_defects():
    analysis = analyze(TEXT)
    (media,) = analysis.media
    assert media.caption == "Smoke over the city on Sunday."
    assert [(c.party.name, c.party.kind, c.role) for c in media.credits] == [
        ("Anna Petrova", "person", "photographer"),
        ("Reuters", "organization", "agency"),
        ("Getty Images", "organization", "distributor"),
    ]
    assert [(c.person.name, c.role) for c in analysis.contributions] == [
        ("Maria Ivanova", "contributor"),
        ("Petro Sydorenko", "contributor"),
    ]
    defects = {d.original: d.corrected for d in analysis.defects}
    assert defects["strikes would go on ."] == "strikes would go on."
    assert defects["Ms. Kovalenko"] == "Mr. Kovalenko"  # "he said" of him
    assert (
        defects["Maria Ivanova and Petro Sydorenko contributed report."]
        == "Maria Ivanova and Petro Sydorenko contributed reporting."
    )


@pytest.mark.parametrize(
    ("line", "roles"),
    [
        (
            "Lynsey Addario for The New York Times",
            [("Lynsey Addario", "originator"), ("The New York Times", "agency")],
        ),
        (
            "Ministry of Defense of Russia/EPA, via Shutterstock",
            [
                ("Ministry of Defense of Russia", "originator"),
                ("EPA", "agency"),
                ("Shutterstock", "distributor"),
            ],
        ),
        (
            "Libkos/Getty Images via AP",
            [
                ("Libkos", "originator"),
                ("Getty Images", "agency"),
                ("AP", "distributor"),
            ],
        ),
        ("Reuters", [("Reuters", "agency")]),
    ],
)
def test_credit_lines_split_into_parties_and_roles(line, roles):
    assert credit_roles(line) == roles
