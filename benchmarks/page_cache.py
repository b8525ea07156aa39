"""Light pages over a real ``semaxkg serve`` (issue 16): sizes, first and repeated requests.

Starts ``semaxkg serve`` on the built graph (127.0.0.1, a free port, one worker), then for each
page: the plain and gzip sizes, the time of the first request (drawn) and the median of the
next ``--repeat`` (replayed from the page cache, gzip body remembered), and a revalidation
with ``If-None-Match`` (304). Then ``curl --compressed`` on every kind of text answer, which
must come back gzip-encoded. Prints a Markdown table; stops the server by its PID.

    .venv/bin/python benchmarks/page_cache.py --repeat 20
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("/id/compound/semax.html", "/id/source/source-001.html", "/", "/conflicts", "/sources")
#: One answer of each kind of text for the ``curl --compressed`` check.
TEXT_ANSWERS = (
    "/", "/id/compound/semax.html", "/ontology.html", "/ontology/Claim.html", "/conflicts",
    "/sources", "/dumps", "/sparql", "/id/compound/semax.ttl", "/id/compound/semax.jsonld",
    "/.well-known/void.ttl", "/.well-known/void.html", "/dumps/semaxkg.nq", "/dumps/semaxkg.ttl",
    "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%2010", "/health",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    semaxkg = str(Path(sys.executable).with_name("semaxkg"))
    server = subprocess.Popen([semaxkg, "serve", "--port", str(port), "--workers", "1"],
                              cwd=ROOT, stderr=subprocess.DEVNULL, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(base + "/health", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        session = requests.Session()
        print("| page | plain | gzip | first request | repeated (median) | 304 |")
        print("|---|---:|---:|---:|---:|---:|")
        for path in PAGES:
            started = time.perf_counter()
            session.get(base + path, headers={"Accept-Encoding": "gzip"})
            first_ms = (time.perf_counter() - started) * 1000
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                again = session.get(base + path, headers={"Accept-Encoding": "gzip"})
                times.append((time.perf_counter() - started) * 1000)
            plain = session.get(base + path, headers={"Accept-Encoding": "identity"})
            etag = again.headers["ETag"]
            started = time.perf_counter()
            check = session.get(base + path, headers={"Accept-Encoding": "gzip",
                                                      "If-None-Match": etag})
            check_ms = (time.perf_counter() - started) * 1000
            gz = int(again.headers["Content-Length"])
            print(f"| `{path}` | {len(plain.content) // 1024} KB | {gz // 1024} KB | "
                  f"{first_ms:.0f} ms | {statistics.median(times):.1f} ms | "
                  f"{check.status_code} in {check_ms:.1f} ms |")
        print()
        failures = 0
        for path in TEXT_ANSWERS:
            out = subprocess.run(
                ["curl", "-s", "--compressed", "-o", "/dev/null", "-D", "-",
                 "-H", "Accept: text/html, */*;q=0.5", base + path],
                capture_output=True, text=True, check=False).stdout.lower()
            encoded = "content-encoding: gzip" in out
            failures += not encoded
            print(f"curl --compressed {path}: {'gzip' if encoded else 'NOT COMPRESSED'}")
        return 1 if failures else 0
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
