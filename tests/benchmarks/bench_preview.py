"""Benchmark: how soon `mkdocs serve` shows an edited record, at a given size.

Not a test (pytest collects test_*.py only). Run it from the repository root on a quiet machine:

    .venv/bin/python tests/benchmarks/bench_preview.py 1000 [--edits 3]

For each size N it writes the project with N evidence records in a temp folder (the default evidence and
clones of it: `bench_build.clone_records`), starts the real `mkdocs serve` on a free local port and waits
for its first build. Then, `--edits` times, it changes the title of one record (a different record each
time), saves the file, and asks the server for that record's page every 50 ms until the page holds the
new title: the time from saving to that answer is what an editor waits for (the browser's live reload
adds its own round trip, a few milliseconds on the same machine). It prints each wait and their median,
and the rebuild times MkDocs logged ("Documentation built in ...").

That the rebuilt site is the site a fresh preview of the same records makes is proved by
tests/test_preview_cache.py, not here.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_project  # noqa: E402

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, limit: float) -> float | None:
    """Seconds until the page at `url` holds `text`, or None after `limit` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def measure(count: int, edits: int, pause: float = 4.0) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = make_project(Path(temp) / "project", count)
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        log: list[str] = []
        reader = threading.Thread(target=lambda: log.extend(server.stderr), daemon=True)
        reader.start()
        try:
            records = sorted((root / "evidence").glob("*.yml"))
            first = records[0]
            base = f"http://127.0.0.1:{port}/"
            started = time.monotonic()
            if wait_for(f"{base}evidence/{first.stem}/", "</html>", 900) is None:
                raise SystemExit("mkdocs serve did not answer within 900 s:\n" + "".join(log[-20:]))
            print(f"{count} records: first build served after {time.monotonic() - started:.1f} s")
            time.sleep(3)  # the first search index, written in the background
            waits = []
            for number in range(1, edits + 1):
                path = records[number * len(records) // (edits + 1)]
                record = yaml.safe_load(path.read_text(encoding="utf-8"))
                title = f"Edited title number {number} {time.time_ns()}"
                record["title"] = title
                text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100)
                path.write_text(text, encoding="utf-8")
                seen = wait_for(f"{base}evidence/{path.stem}/", title, 120)
                waits.append(seen if seen is not None else float("inf"))
                print(f"  edit {number} ({path.stem}): shown {waits[-1]:.2f} s after saving")
                time.sleep(pause)  # let the background search index finish, as an editor reading the page would
        finally:
            server.terminate()
            server.wait(timeout=30)
            reader.join(timeout=5)
        builds = [float(m.group(1)) for line in log if (m := BUILT.search(line))]
        logged = ", ".join(f"{b:.2f} s" for b in builds)
        print(f"  median: {statistics.median(waits):.2f} s; builds MkDocs logged: {logged}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of evidence records")
    parser.add_argument("--edits", type=int, default=3, help="edits per size (default 3)")
    parser.add_argument("--pause", type=float, default=4.0, help="seconds between an edit shown and the next")
    args = parser.parse_args()
    for count in args.sizes:
        measure(count, args.edits, args.pause)


if __name__ == "__main__":
    main()
