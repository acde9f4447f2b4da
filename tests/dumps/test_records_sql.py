"""On PostgreSQL, update records built in SQL equal those built in Python."""

import datetime

import orjson
import pytest
from django.db import connection

from dumps.archive_copy import all_update_lines
from dumps.records_sql import update_lines
from dumps.selection import whole_archive
from dumps.writer import OPTIONS, records
from items.models import Correction, Update
from items.synthetic import generate_archive

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lines, status",
    [
        (update_lines, None),  # a slice's path: batches of ids
        (all_update_lines, None),  # the whole archive's: one COPY
        (all_update_lines, "published"),
    ],
)
def test_sql_and_python_give_the_same_update_records(demo, lines, status):
    if connection.vendor != "postgresql":
        pytest.skip("the SQL path is PostgreSQL's")
    generate_archive(updates=60, seed=5)
    # Values the generated archive lacks: microseconds, an applied correction.
    update = Update.objects.order_by("id").last()
    update.published_at = update.published_at.replace(microsecond=123456)
    update.save()
    Correction.objects.filter(update__in=Update.objects.all()[:1]).update(
        status="applied", applied_at=datetime.datetime(2023, 5, 25, tzinfo=datetime.UTC)
    )
    # What COPY would escape or quote: backslash, quote, tab, line break, and the
    # control characters the COPY path uses as CSV quote and delimiter.
    update.headline = 'A "quoted" \\ backslash,\ttab\nline \x01 and \x02'
    update.save()
    chosen = Update.objects.filter(status=status) if status else Update.objects.all()
    selection = whole_archive(chosen)
    in_python = [r for r in records(selection) if r["type"] == "update"]
    in_sql = [orjson.loads(line) for line in lines(selection.updates)]
    assert len(in_sql) == chosen.count()
    if status:
        assert chosen.count() < Update.objects.count()
    in_python = orjson.loads(orjson.dumps(in_python, option=OPTIONS))
    assert [
        d for x, y in zip(in_sql, in_python, strict=True) for d in _diff(x, y)
    ] == []


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in set(a) | set(b):
            yield from _diff(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {a!r} != {b!r}"
