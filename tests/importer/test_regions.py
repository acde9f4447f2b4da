"""A region written as its city's name beside a region word is the region, and
a misspelt region name resolves where a region word makes it safe, flagged to
the curator as a text defect."""

import pytest

from importer.analysis import analyze
from importer.archive import ArchiveNames

pytestmark = pytest.mark.usefixtures("small_gazetteer")

TEXT = """Drones strike border regions, governors say

Drones struck the region of Bryansk overnight, and the Kiev area was quiet.

Kiev's governor said a school was hit in Kiev itself.

Shelling hit the Crasanodar region, the Briansak regions and Crasanodar city.

The Donetsk People’s Republic (DPR) said its forces advanced.

The US said it would send more air defences.
"""


@pytest.fixture
def analysis(db):
    return analyze(TEXT, known=ArchiveNames())


def test_a_city_name_beside_a_region_word_is_the_region(analysis):
    places = {e.name: e for e in analysis.of_kind("place") if not e.context}
    assert {"Bryansk", "Kiev"} <= set(places["Bryansk Oblast"].forms) | set(
        places["Kyiv Oblast"].forms
    )
    assert "Kiev" in places["Kyiv Oblast"].forms
    # "Kiev itself", with no region word, is the city.
    assert "Kiev" in places["Kyiv"].forms
    # The occupying power's name for a region is one of its aliases.
    assert "Donetsk People’s Republic" in places["Donetsk Oblast"].forms
    # "US" is the country news abbreviate so, not an organization.
    assert "US" in places["United States"].forms
    assert "US" not in {e.name for e in analysis.of_kind("organization")}


def test_a_misspelt_region_resolves_beside_a_region_word_and_is_flagged(analysis):
    places = {e.name: e for e in analysis.of_kind("place") if not e.context}
    assert "Crasanodar" in places["Krasnodar Krai"].forms
    assert "Briansak" in places["Bryansk Oblast"].forms
    flagged = {(d.original, d.corrected) for d in analysis.defects}
    assert {("Crasanodar", "Krasnodar"), ("Briansak", "Bryansk")} <= flagged
    explanations = {d.explanation for d in analysis.defects}
    assert "a misspelt place name: Krasnodar Krai?" in explanations
    # Without a region word nothing makes a guess safe: "Crasanodar city" is
    # no place the archive holds.
    assert not [e for e in analysis.of_kind("place") if e.name == "Crasanodar"]


def test_a_name_close_to_two_regions_is_no_guess(db):
    text = "Strikes hit regions, officials say\n\nShelling hit the Lugask region.\n"
    analysis = analyze(text, known=ArchiveNames())
    # Luhansk and Lugansk are one region's names; "Lugask" is close to it alone.
    assert [e.name for e in analysis.of_kind("place") if not e.context] == [
        "Luhansk Oblast"
    ]
    text = "Strikes hit regions, officials say\n\nShelling hit the Kursov region.\n"
    analysis = analyze(text, known=ArchiveNames())
    assert not [e for e in analysis.of_kind("place") if not e.context]


def test_a_military_administration_is_the_named_regions_and_speaks_as_it(db):
    text = (
        "Fire in the west, officials say\n\n"
        "Firefighters put out a fire in the Ternopil region, the military "
        "administration wrote on the Telegram messaging app.\n\n"
        "“There were no injuries,” it said.\n\n"
        "Drones hit Kyiv, said the head of the city military administration.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    groups = {e.name for e in analysis.of_kind("organization")}
    assert groups == {
        "Ternopil Oblast Military Administration",
        "Kyiv City Military Administration",
    }
    (quote,) = analysis.quotes
    assert quote.speaker.name == "Ternopil Oblast Military Administration"
    assert quote.channel == "telegram"


def test_a_press_service_speaks_for_its_body_and_a_title_is_nobody(db):
    text = (
        "Strikes go on, officials say\n\n"
        "The video was released by the Russian Defense Ministry press service "
        "on Friday.\n\n"
        "“We will not give up,” said the President.\n"
    )
    analysis = analyze(text, known=ArchiveNames())
    groups = analysis.of_kind("organization")
    assert [g.name for g in groups] == ["Ministry of Defence of the Russian Federation"]
    assert "Russian Defense Ministry press service" in groups[0].forms


def test_each_name_in_a_list_of_regions_is_a_region(db):
    text = (
        "Sham elections\n\n"
        "Officials were sanctioned over votes in the oblasts of Kherson, "
        "Zaporizhzhia, Donetsk and Luhansk, and in the Kharkiv and Sumy regions.\n"
    )
    places = {e.name for e in analyze(text, known=ArchiveNames()).of_kind("place")}
    assert {
        "Kherson Oblast",
        "Zaporizhzhia Oblast",
        "Donetsk Oblast",
        "Luhansk Oblast",
        "Kharkiv Oblast",
        "Sumy Oblast",
    } <= places
    assert (
        not {"Kherson", "Zaporizhzhia", "Donetsk", "Luhansk", "Kharkiv", "Sumy"}
        & places
    )
