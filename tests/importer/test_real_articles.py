"""The importer measured on real news items (issue 14): wire copy, live blogs,
state media, machine-translated and aggregator pages, kept outside the project
in ../shared/real-articles. Only their answer keys are here (tests/importer/real).

The issue's targets (F1 >= 0.90 for persons, organizations and places, >= 0.85
for quotes, speaker+channel pairs, credits and contributions, dates >= 0.9, no
entity from site furniture) are not all reached yet. Until they are, each type
is held at the score it has reached on the keys the rules are tuned on ("dev"),
so that no change can lower it unnoticed; the ten "unseen" keys are scored by
`manage.py evaluate_importer`, not here, so that nobody tunes on them.
"""

import pytest
from django.conf import settings

from importer.analysis import analyze
from importer.archive import ArchiveNames
from importer.evaluation import (
    TYPES,
    Score,
    article_for,
    furniture_entities,
    key_set,
    load_key,
    score,
)

from .conftest import ARTICLES

REAL = ARTICLES.parent / "real"
KEYS = sorted(REAL.glob("*.json"))
HERE = (settings.REAL_ARTICLES_DIR / "SOURCES.md").exists()

# The texts are not the project's: a checkout without them beside it (CI's clean
# clone, say) skips these tests and says so, as the seed's tests do.
pytestmark = [
    pytest.mark.skipif(
        not HERE,
        reason=f"{settings.REAL_ARTICLES_DIR} is not here: real-article scores skipped",
    ),
]

# F1 reached on the dev keys (2026-12-01); the target where reached.
FLOORS = {
    "persons": 0.94,
    "organizations": 0.92,
    "places": 0.91,
    "quotes": 0.90,
    "statements": 0.93,
    "channels": 0.95,
    "credits": 0.91,
    "contributions": 0.85,
    "roles": 0.89,
    "dates": 0.90,
}


def dev_keys():
    return [path for path in KEYS if key_set(path, load_key(path)) == "dev"]


@pytest.fixture(scope="module")
def dev_scores(gazetteer):
    total = {kind: Score() for kind in TYPES}
    furniture = []
    for path in dev_keys():
        key = load_key(path)
        text = article_for(path, key).read_text(encoding="utf-8")
        analysis = analyze(text, known=ArchiveNames())
        for kind, found in score(analysis, key).items():
            total[kind] += found
        furniture += furniture_entities(analysis, key)
    return total, furniture


def test_thirty_keys_twenty_to_tune_on_and_ten_unseen():
    sets = [key_set(path, load_key(path)) for path in KEYS]
    assert sorted(set(sets)) == ["dev", "unseen"]
    assert sets.count("dev") == 20 and sets.count("unseen") == 10
    for path in KEYS:
        article = article_for(path, load_key(path))
        assert article.parent == settings.REAL_ARTICLES_DIR and article.exists()


def test_no_article_text_is_in_the_project():
    """The keys hold facts (names, roles, a quote's first words), never the
    third-party texts themselves: none of their words runs twelve words of
    its article. Names are facts however long, and are not counted."""
    for path in KEYS:
        key = load_key(path)
        words = article_for(path, key).read_text(encoding="utf-8").split()
        shingles = {" ".join(words[i : i + 12]) for i in range(len(words) - 12)}
        update = key.get("update", {})
        prose = [
            key.get("about", ""),
            update.get("published_on_reason", ""),
            *[n.get("about", "") for n in update.get("verification_notes", [])],
            *[q["starts"] for q in [*key["quotes"], *key.get("statements", [])]],
            *[m.get("caption_starts", "") for m in key.get("media", [])],
            *[line["starts"] for line in key.get("furniture", [])],
        ]
        text = " | ".join(" ".join(field.split()) for field in prose)
        copied = [s for s in shingles if s in text]
        # The file name only: the ten unseen keys' contents stay unread.
        assert len(copied) == 0, f"{path.name}: runs of article text"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FLOORS)
def test_real_article_scores_hold(dev_scores, kind):
    found = dev_scores[0][kind]
    assert found.expected > 0
    assert found.f1 >= FLOORS[kind], f"{kind}: {found}"


@pytest.mark.django_db
def test_site_furniture_gives_no_entity(dev_scores):
    assert dev_scores[1] == []
