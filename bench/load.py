"""The archive under load: primary alone, then with a streaming replica.

Starts the archive on PostgreSQL in gunicorn (`--workers`), as in production
(DEBUG off, Redis for shared state, Django's connection pool), and drives it
with wrk through a mix: public reads of the research API (lists, filters, full
text, facets, details, the change feed), one curator write in twenty (an admin
action publishing or unpublishing an update, by a logged-in curator), and one
export stream (/api/v1/export/) downloading throughout. It runs twice: with the
primary alone, then with DATABASE_REPLICA_URLS naming the replica of
`make replica`. For each run it prints requests per second, p50 and p99 latency,
errors (non-2xx/3xx answers and socket errors), where the transactions went
(pg_stat_database of the bench database on each server) and each server's
share of the machine's CPU time.

    make replica
    .venv/bin/python bench/load.py [--updates 20000] [--workers 4]
        [--connections 16] [--seconds 30]

The rate limits are lifted for the run (one client address sends everything).
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
SERVER = "postgres://postgres@127.0.0.1:5432"
REPLICA = "postgres://postgres@127.0.0.1:5433"
NAME = "newsarchive_load"
CLUSTERS = {
    "primary": Path("/var/lib/postgresql/15/main/postmaster.pid"),
    "replica": Path("/var/lib/postgresql/15/newsarchive-replica/postmaster.pid"),
}

LUA = """
local reads = {%(reads)s}
local ids = {%(ids)s}
local n = 0
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
request = function()
  n = n + 1
  if n %% 20 == 0 then
    local action = (math.random(2) == 1) and "publish" or "return_to_draft"
    local body = "csrfmiddlewaretoken=%(csrf)s&action=" .. action ..
      "&index=0&_selected_action=" .. ids[math.random(#ids)]
    return wrk.format("POST", "/admin/items/update/", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "%(cookie)s",
      ["Referer"] = "%(base)s/admin/items/update/",
    }, body)
  end
  return wrk.format("GET", reads[math.random(#reads)])
end
"""


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def base_env(**more) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{NAME}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "load-test-" + "k" * 50,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        "API_ANON_RATE": "100000000/min",
        "API_USER_RATE": "100000000/min",
        "API_EXPORT_RATE": "100000/min",
        **more,
    }


def prepare(updates: int) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as db:
        exists = db.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [NAME]
        ).fetchone()
        if exists:
            return
        db.execute(f'CREATE DATABASE "{NAME}"')
    env = base_env()
    print(f"Generating {updates:,} updates in {NAME}...", file=sys.stderr)
    manage(env, "migrate", "-v0")
    manage(env, "generate_archive", "--updates", str(updates), "--seed", "3")
    manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('loadtest', password='load-test-pw-1')",
    )
    with psycopg.connect(f"{SERVER}/{NAME}", autocommit=True) as db:
        db.execute("VACUUM ANALYZE")


def reads() -> list[str]:
    with psycopg.connect(f"{SERVER}/{NAME}") as db:

        def slugs(table: str, n: int) -> list[str]:
            rows = db.execute(
                f"SELECT slug FROM {table} WHERE is_confirmed ORDER BY id LIMIT %s", [n]
            ).fetchall()
            return [slug for (slug,) in rows]

        persons, places = slugs("people_person", 20), slugs("places_place", 20)
        update_ids = [
            pk
            for (pk,) in db.execute(
                "SELECT id FROM items_update WHERE status = 'published' "
                "ORDER BY id LIMIT 200"
            ).fetchall()
        ]
    paths = ["/api/v1/updates/?page_size=20", "/api/v1/quotes/?q=drone"]
    paths += [f"/api/v1/updates/?person={slug}" for slug in persons]
    paths += [f"/api/v1/persons/{slug}/" for slug in persons]
    paths += [f"/api/v1/updates/?place={slug}&page_size=20" for slug in places]
    paths += [
        f"/api/v1/updates/facets/?facet=person,place&place={slug}"
        for slug in places[:5]
    ]
    # The curator publishes and unpublishes other updates than those read by
    # id, so that no read is a 404 by design.
    paths += [f"/api/v1/updates/{pk}/" for pk in update_ids[:40]]
    paths += ["/api/v1/events/", "/api/v1/changes/?page_size=50"]
    return paths, update_ids[100:]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def login(base: str) -> tuple[str, str]:
    session = requests.Session()
    page = session.get(f"{base}/admin/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    session.post(
        f"{base}/admin/login/",
        data={
            "username": "loadtest",
            "password": "load-test-pw-1",
            "csrfmiddlewaretoken": csrf,
            "next": "/admin/",
        },
        headers={"Referer": f"{base}/admin/login/"},
    )
    cookies = session.cookies.get_dict()
    assert "sessionid" in cookies, "the curator could not log in"
    cookie = f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"
    return cookie, cookies["csrftoken"]


def cpu_of(cluster: str) -> dict[int, float]:
    """CPU seconds used so far by each process of a PostgreSQL cluster."""
    pid_file = CLUSTERS[cluster]
    if not pid_file.exists():
        return {}
    postmaster = int(pid_file.read_text().split()[0])
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if pid == postmaster or parent == postmaster:
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


class CpuMeter(threading.Thread):
    """Each cluster's CPU seconds over a run, sampled every quarter second: a
    backend that ends mid-run (a connection closed) keeps what it used."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.start_values = {name: cpu_of(name) for name in CLUSTERS}
        self.last = {name: dict(values) for name, values in self.start_values.items()}

    def run(self):
        while not self.stop.wait(0.25):
            for name in CLUSTERS:
                self.last[name].update(cpu_of(name))

    def used(self, name: str) -> float:
        start = self.start_values[name]
        return sum(
            value - start.get(pid, 0.0) for pid, value in self.last[name].items()
        )


def machine_cpu() -> float:
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    busy = sum(int(value) for i, value in enumerate(fields) if i not in (3, 4))
    return busy / os.sysconf("SC_CLK_TCK")


def transactions(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=2) as db:
            (count,) = db.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database "
                "WHERE datname = %s",
                [NAME],
            ).fetchone()
            return count
    except psycopg.OperationalError:
        return 0


def export_stream(base: str, stop: threading.Event, done: list) -> None:
    """One export downloading throughout the run, started again when it ends."""
    while not stop.is_set():
        with requests.get(f"{base}/api/v1/export/", stream=True, timeout=600) as got:
            for chunk in got.iter_content(65536):
                done[0] += len(chunk)
                if stop.is_set():
                    break
            done[1] += got.status_code == 200


def run(label: str, args, paths, ids, replica: bool) -> str:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = base_env(DATABASE_REPLICA_URLS=f"{REPLICA}/{NAME}" if replica else "")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsarchive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        cookie, csrf = login(base)
        script = Path(tempfile.mkdtemp()) / "mix.lua"
        script.write_text(
            LUA
            % {
                "reads": ", ".join(f'"{path}"' for path in paths),
                "ids": ", ".join(map(str, ids)),
                "csrf": csrf,
                "cookie": cookie,
                "base": base,
            }
        )
        for path in paths:  # warm: each worker's pool, the facet counts
            requests.get(base + path, timeout=60)
        stop, streamed = threading.Event(), [0, 0]
        exporter = threading.Thread(target=export_stream, args=(base, stop, streamed))
        before = {
            "primary": transactions(f"{SERVER}/{NAME}"),
            "replica": transactions(f"{REPLICA}/{NAME}"),
            "machine": machine_cpu(),
        }
        meter = CpuMeter()
        meter.start()
        if not args.no_export:
            exporter.start()
        wrk = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--latency",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        stop.set()
        meter.stop.set()
        meter.join()
        for name in CLUSTERS:
            meter.last[name].update(cpu_of(name))
        if exporter.is_alive():
            exporter.join()
        machine = machine_cpu() - before["machine"]
        share = {
            name: meter.used(name) / machine if machine else 0 for name in CLUSTERS
        }
        went = {
            name: transactions(url) - before[name]
            for name, url in (
                ("primary", f"{SERVER}/{NAME}"),
                ("replica", f"{REPLICA}/{NAME}"),
            )
        }
        health = requests.get(f"{base}/healthz", timeout=10).json()
    finally:
        server.terminate()
        server.wait(30)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk)[1])
    p50 = re.search(r"50%\s+([\d.]+\w+)", wrk)[1]
    p99 = re.search(r"99%\s+([\d.]+\w+)", wrk)[1]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
    sockets = re.search(r"Socket errors: (.*)", wrk)
    total = int(re.search(r"(\d+) requests in", wrk)[1])
    return (
        f"| {label} | {total:,} | {rate:,.0f} | {p50} | {p99} "
        f"| {int(bad[1]) if bad else 0} | {sockets[1] if sockets else 'none'} "
        f"| {went['primary']:,} / {went['replica']:,} "
        f"| {share['primary']:.0%} / {share['replica']:.0%} "
        f"| {streamed[0] / 1e6:.0f} MB ({streamed[1]} whole) | {health['status']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument(
        "--no-export", action="store_true", help="Without the export stream."
    )
    args = parser.parse_args()
    subprocess.run([ROOT / "scripts" / "replica", "start"], check=True)
    prepare(args.updates)
    manage(base_env(), "collectstatic", "--noinput", "-v0")
    paths, ids = reads()
    rows = [
        "| run | requests | req/s | p50 | p99 | non-2xx/3xx | socket errors "
        "| transactions, primary / replica | CPU share, primary / replica "
        "| export streamed | /healthz |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows.append(run("primary alone", args, paths, ids, replica=False))
    rows.append(run("primary + 1 replica", args, paths, ids, replica=True))
    print(
        f"\n{args.workers} gunicorn workers, wrk {args.connections} connections for "
        f"{args.seconds} s; {len(paths)} public reads, 1 in 20 requests a curator's "
        "admin action; "
        + ("no export.\n" if args.no_export else "one export downloading throughout.\n")
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
