"""The importer measured against answer keys: the project's own fixtures (under
tests/importer/articles, tuned on 01-05, 06-10 written unseen) and the seed's."""

import io

import pytest
from django.core.management import call_command

from importer.analysis import analyze
from importer.archive import ArchiveNames
from importer.evaluation import TYPES, Score, article_for, load_key, score

from .conftest import ARTICLES, SEED, needs_seed

KEYS = sorted(ARTICLES.glob("*.json"))
pytestmark = pytest.mark.usefixtures("gazetteer")


def scores_of(keys) -> dict[str, Score]:
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
@pytest.mark.parametrize("kind", TYPES)
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
        if score_.expected and score_.f1 < KNOWN_SHORTFALLS.get((path.stem, kind), 0.9)
    }
    assert not short, f"{path.stem}: {short}"


@needs_seed
@pytest.mark.django_db
@pytest.mark.parametrize("kind", TYPES)
def test_f1_on_the_seed(kind):
    found = scores_of([SEED / "expected.json"])[kind]
    assert found.f1 >= 0.9, f"{kind}: {found}"


@pytest.mark.django_db
def test_evaluate_importer_prints_scores_per_type():
    out = io.StringIO()
    call_command("evaluate_importer", *map(str, KEYS[:2]), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(KEYS[0].name)
    assert any(line.strip().startswith("quotes") and "F1" in line for line in lines)
    assert lines[-7] == "all 2 keys"


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
