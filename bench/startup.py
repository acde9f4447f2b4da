"""How long `make run` takes a newcomer: cold (a fresh clone) and warm (again).

Clones this repository's HEAD into a temporary folder, runs `make run` there on a
free port, times it from the command to the first answer of /admin/login/, stops
the server, and does the same a second time. Prints each step's line of output
with the seconds since start, then both totals.

    .venv/bin/python bench/startup.py
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: Path, label: str) -> float:
    port = free_port()
    began = time.monotonic()
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}", "WORKERS=1"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # make, its shells and gunicorn: one group to stop
    )
    try:
        for line in server.stdout:
            if line.startswith(("DJANGO_", "python3 -m", ".venv/bin/pip")):
                step = (
                    line.split("manage.py ")[-1].split()[0]
                    if "manage.py" in line
                    else line.split()[0]
                )
                print(f"  {time.monotonic() - began:6.1f} s  {label}: {step}")
            if line.startswith("Serving the archive"):
                break
        while True:
            try:
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/admin/login/", timeout=1
                )
                break
            except OSError:
                time.sleep(0.1)
        return time.monotonic() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "newsarchive"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(folder)], check=True)
        cold = start(folder, "cold")
        warm = start(folder, "warm")
    print(f"make run, cold (fresh clone, venv included): {cold:.1f} s")
    print(f"make run, warm (everything in place):        {warm:.1f} s")
    sys.exit(0 if warm < 10 else 1)


if __name__ == "__main__":
    main()
