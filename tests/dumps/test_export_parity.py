"""The same archive exports the same bytes from SQLite and from PostgreSQL.

A cited release is verified by its checksum, so the records must be written
byte for byte alike whichever database holds the archive. The PostgreSQL run
generates an archive in its test database and exports it, while a real process
generates the same archive (same seed) in a SQLite file and exports it; the
lines after the header (which says when the dump was made) must be equal.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from items.synthetic import generate_archive
from tests.dumps.test_import_killed import manage

EXPORTS = {
    "whole": [],
    "published": ["--status", "published"],
    "slice": ["--published-after", "2023-05-10", "--status", "published"],
}


@pytest.mark.django_db(transaction=True)
def test_records_and_checksum_are_the_same_from_either_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("compared in the PostgreSQL run, against a SQLite file")
    database = tmp_path / "archive.sqlite3"
    manage(database, "migrate", "-v0")
    manage(database, "generate_archive", "--updates", "300", "--seed", "11")
    generate_archive(updates=300, seed=11)
    for name, options in EXPORTS.items():
        from_sqlite, from_postgres = tmp_path / "s.jsonl", tmp_path / "p.jsonl"
        manage(database, "export", "-o", str(from_sqlite), *options)
        call_command("export", "-o", str(from_postgres), "--jobs", "2", *options)
        sqlite_lines = from_sqlite.read_bytes().splitlines()
        postgres_lines = from_postgres.read_bytes().splitlines()
        assert len(postgres_lines) > 100, name
        assert postgres_lines[1:] == sqlite_lines[1:], name
