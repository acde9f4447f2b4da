"""The article importer: articles per second on the fixtures, and its scores.

Prints, on a database holding the whole gazetteer (this script loads it when it
is missing): articles per second of the analysis alone (what `import_article
--dry-run` and `evaluate_importer` do), articles per second of a full import
(the draft update and every proposal written, then rolled back), and precision,
recall and F1 per record type on the fixtures (tuning and unseen sets apart) and
on the seed's answer key when ../shared/seed/ is present.

    BENCH_DATABASE_URL=sqlite:////tmp/importer-bench.sqlite3 \\
        .venv/bin/python bench/importer.py [--rounds 20]

The rules are the only backend: no NER model is wired in (see bench/README.md).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "sqlite:////tmp/importer-bench.sqlite3"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from importer.analysis import analyze  # noqa: E402
from importer.archive import ArchiveNames  # noqa: E402
from importer.evaluation import (  # noqa: E402
    TYPES,
    Score,
    article_for,
    load_key,
    report,
    score,
)
from importer.services import import_article  # noqa: E402
from places.models import Place  # noqa: E402

ARTICLES = ROOT / "tests" / "importer" / "articles"
SEED = ROOT.parent / "shared" / "seed" / "expected.json"
TUNING = ("01", "02", "03", "04", "05")


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    call_command("migrate", verbosity=0)
    if not Place.objects.filter(geonames_id=578072).exists():
        print("loading the gazetteer ...", flush=True)
        call_command("load_gazetteer", stdout=io.StringIO())
    print(f"database: {connection.vendor}, {Place.objects.count():,} places")

    keys = sorted(ARTICLES.glob("*.json"))
    texts = [article_for(k, load_key(k)).read_text(encoding="utf-8") for k in keys]
    names = ArchiveNames()

    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            analyze(text, known=names)
    elapsed = time.perf_counter() - started
    done = rounds * len(texts)
    print(
        f"analysis: {done / elapsed:,.1f} articles/s "
        f"({done} articles, {elapsed:.2f} s, {elapsed / done * 1000:.1f} ms each)"
    )

    started = time.perf_counter()
    for _ in range(max(1, rounds // 4)):
        try:
            with transaction.atomic():
                for number, text in enumerate(texts):
                    import_article(text, source_name=f"bench-{number}.txt")
                raise Rollback
        except Rollback:
            pass
    elapsed = time.perf_counter() - started
    done = max(1, rounds // 4) * len(texts)
    print(
        f"import (draft and proposals written): {done / elapsed:,.1f} articles/s "
        f"({elapsed / done * 1000:.1f} ms each)"
    )

    tuning = [k for k in keys if k.name.startswith(TUNING)]
    unseen = [k for k in keys if not k.name.startswith(TUNING)]
    groups = (
        ("tuning set", tuning),
        ("written unseen (scored once, then tuned on: see bench/README.md)", unseen),
    )
    for label, group in groups:
        print(f"\n{label}: {', '.join(k.stem for k in group)}")
        print(_total(group, names))
    if SEED.exists():
        print("\nseed answer key")
        print(_total([SEED], names))


def _total(keys: list[Path], names: ArchiveNames) -> str:
    total = {kind: Score() for kind in TYPES}
    for path in keys:
        key = load_key(path)
        text = article_for(path, key).read_text(encoding="utf-8")
        for kind, found in score(analyze(text, known=names), key).items():
            total[kind] += found
    return "\n".join(report([("", total)]).splitlines()[1:])


if __name__ == "__main__":
    main()
