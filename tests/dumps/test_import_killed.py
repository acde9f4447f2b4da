"""An import killed mid-way leaves the archive as it was: it is one transaction.

This runs real processes on a real SQLite file, apart from the test database:
an archive is generated and exported, a fresh archive starts loading the dump, and
the load is killed with SIGKILL once it has begun writing (the write-ahead log
grows). The fresh archive must then hold nothing, and be sound.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def manage(database: Path, *args, wait=True):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
    }
    command = [sys.executable, "manage.py", *args]
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, env=env)
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def test_a_killed_import_writes_nothing(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the processes use their own SQLite files; once is enough")
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    dump = tmp_path / "dump.jsonl"
    manage(source, "migrate", "-v0")
    manage(source, "generate_archive", "--updates", "1500", "--seed", "1")
    manage(source, "export", "-o", str(dump))
    manage(target, "migrate", "-v0")

    load = manage(target, "import_dump", str(dump), wait=False)
    wal = Path(f"{target}-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and load.poll() is None:
        if wal.exists() and wal.stat().st_size > 256 * 1024:  # writing has begun
            break
        time.sleep(0.02)
    assert load.poll() is None, "the import finished before it could be killed"
    assert wal.stat().st_size > 256 * 1024, "the import never began writing"
    load.send_signal(signal.SIGKILL)
    load.wait()

    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for table in ("places_place", "people_person", "items_update", "items_quote"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
