"""The importer measured against answer keys: the project's own fixtures (under
tests/importer/articles, tuned on 01-05, 06-10 written unseen) and the seed's."""

import io
import json

import pytest
from django.core.management import call_command

from importer.analysis import analyze
from importer.archive import ArchiveNames
from importer.evaluation import (
    FIXTURE_TYPES,
    TYPES,
    Score,
    article_for,
    load_key,
    report,
    score,
)

from .conftest import ARTICLES, SEED, needs_seed

KEYS = sorted(ARTICLES.glob("*.json"))
pytestmark = pytest.mark.usefixtures("gazetteer")


def scores_of(keys) -> dict[str, Score]:
    """Each type summed over the keys; a type no key scores sums to nothing."""
    total = {kind: Score() for kind in TYPES}
    for path in keys:
        key = load_key(path)
        text = article_for(path, key).read_text(encoding="utf-8")
        for kind, found in score(analyze(text, known=ArchiveNames()), key).items():
            total[kind] += found
    return total


def test_the_project_has_its_own_fixtures():
    assert len(KEYS) >= 8
    for path in KEYS:
        assert article_for(path, load_key(path)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FIXTURE_TYPES)
def test_f1_on_the_projects_fixtures(kind):
    found = scores_of(KEYS)[kind]
    assert found.expected > 0
    assert found.f1 >= 0.9, f"{kind}: {found}"


# Where one article is known to fall short, and why; every other article and
# type must reach the pooled target on its own, so that a rule one article
# depends on cannot break unnoticed inside a pooled score.
KNOWN_SHORTFALLS = {
    # "the United Nations humanitarian office" names OCHA only through an alias
    # the archive does not hold (see the stop note of the importer issue).
    ("07-kherson-evacuation", "organizations"): 0.5,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", KEYS, ids=lambda path: path.stem)
def test_f1_on_each_fixture_alone(path):
    found = scores_of([path])
    short = {
        kind: f"{score_.f1:.2f}"
        for kind, score_ in found.items()
        if kind in FIXTURE_TYPES
        and score_.expected
        and score_.f1 < KNOWN_SHORTFALLS.get((path.stem, kind), 0.9)
    }
    assert not short, f"{path.stem}: {short}"


@needs_seed
@pytest.mark.django_db
@pytest.mark.parametrize("kind", [*FIXTURE_TYPES, "channels", "verification"])
def test_f1_on_the_seed(kind):
    found = scores_of([SEED / "expected.json"])[kind]
    assert found.f1 >= 0.9, f"{kind}: {found}"


@pytest.mark.django_db
def test_evaluate_importer_prints_one_table_per_key_set():
    out = io.StringIO()
    seed = SEED / "expected.json"
    keys = [*KEYS[:2], *([seed] if seed.exists() else [])]
    call_command("evaluate_importer", *map(str, keys), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "== articles (2 keys)"
    assert lines[1] == "all 2 keys"
    table = lines[2 : 2 + len(TYPES)]
    assert [line.split()[0] for line in table] == list(TYPES)
    quotes = table[TYPES.index("quotes")]
    assert "F1" in quotes and "of" in quotes
    # The fixtures were keyed before statements: that type is left out.
    assert table[TYPES.index("statements")].split()[1] == "--"
    if seed.exists():
        assert lines[2 + len(TYPES)] == "== seed (1 keys)"
    assert lines[-1].startswith("entities proposed from site furniture: 0")


@pytest.mark.django_db
def test_evaluate_importer_names_what_each_key_missed():
    key = load_key(KEYS[0])
    key["persons"].append({"name": "Nobody Atall", "aliases": []})
    path = KEYS[0].parent / "missing-one.json"
    out = io.StringIO()
    try:
        path.write_text(
            json.dumps({**key, "article": KEYS[0].with_suffix(".txt").name})
        )
        call_command("evaluate_importer", str(path), "--misses", stdout=out)
    finally:
        path.unlink()
    assert "      - missed: Nobody Atall" in out.getvalue().splitlines()


def test_scores_fall_when_the_proposals_are_wrong():
    """The scoring itself can fail: a person under another name is a miss."""
    key = load_key(KEYS[0])
    text = article_for(KEYS[0], key).read_text(encoding="utf-8")
    analysis = analyze(text)  # no archive: no places at all
    for entity in analysis.of_kind("person"):
        entity.name, entity.forms, entity.aliases = "Somebody Else", [], []
    found = score(analysis, key)
    assert found["persons"].matched == 0
    assert found["places"].recall == 0
    assert found["quotes"].f1 == 0


@pytest.mark.django_db
def test_a_type_with_nothing_expected_or_proposed_is_not_scored():
    scores = {kind: Score(proposed=1, expected=1, matched=1) for kind in TYPES}
    scores["credits"] = Score()
    lines = report([("key", scores)]).splitlines()
    assert lines[TYPES.index("credits") + 1].split() == [
        "credits",
        *["n/a", "(nothing", "expected,", "nothing", "proposed)"],
    ]
    assert "P 1.000" in lines[TYPES.index("quotes") + 1]


@pytest.mark.django_db
def test_a_key_may_credit_an_organization_as_contributor():
    key = load_key(KEYS[0])
    text = article_for(KEYS[0], key).read_text(encoding="utf-8")
    key["contributions"] = [
        *key.get("contributions", []),
        {"organization": "Reuters", "role": "contributor", "as_written": "Reuters"},
    ]
    found = score(analyze(text), key)["contributions"]
    assert found.expected == len(key["contributions"])
    assert found.matched < found.expected  # the organization was not proposed
