"""``make bench-instructions``: the instructions a request costs in process, counted by callgrind.

Requests per second move with whatever else the machine is doing; the instructions a request
runs do not. This loads the demo newsroom in the embedded profile (SQLite, debug off, page cache
off, as ``make bench-demo`` serves it) and, under ``valgrind --tool=callgrind``, sends the story
pages and the home page through Django's WSGI handler in process, after an uncounted run (a
fresh demo's pictures get their renditions on first view): once after a warm-up, then
``BENCH_INSTRUCTIONS_REQUESTS`` (200) times more. The difference, divided by the requests, is
what one request costs, Python, Django, Jinja2 and SQLite included; no server, no network, and
nothing of PostgreSQL's (its work is another process's). Each count takes about a minute.

A change whose instructions go down is cheaper on every machine; whether readers gain enough is
for ``make bench-ab`` to say under load. Method and figures: docs/performance.md.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

from bench.demo import PROFILE_VARIABLES, ROOT, load_demo, manage, profile_env

REQUESTS = int(os.environ.get("BENCH_INSTRUCTIONS_REQUESTS", "200"))
WARMUP = 30  # each path, before counting: templates compiled, queries compiled, caches filled
SQLITE_PATH = ROOT / "var" / "bench_instructions.sqlite3"
COLLECTED = re.compile(r"Collected : (\d+)")


def serve(paths: list[str], requests: int) -> None:
    """Run in the counted process: ``requests`` requests over ``paths`` after the warm-up.
    Django is set up here only: the parent loads the demo through ``manage.py`` in its own
    processes and counts."""
    import django
    from django.core.handlers.wsgi import WSGIHandler

    django.setup()
    handler = WSGIHandler()

    def get(path: str) -> None:
        statuses = []
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{path}: {statuses[0]}")

    for path in paths * WARMUP:
        get(path)
    for number in range(requests):
        get(paths[number % len(paths)])


def instructions(env: dict, paths: list[str], requests: int) -> int:
    command = [
        *("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"),
        *(sys.executable, "-m", "bench.instructions", "--serve", str(requests), *paths),
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    found = COLLECTED.search(result.stderr)
    if result.returncode or not found:
        raise SystemExit(f"callgrind failed:\n{result.stderr[-2000:]}")
    return int(found[1])


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        serve(sys.argv[3:], int(sys.argv[2]))
        return
    env = {**profile_env("embedded", sqlite_path=SQLITE_PATH), "NEWSROOM_PAGE_CACHE": "off"}
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    pages = load_demo(env)
    env = {**{k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}, **env}
    print(f"Instructions a request, embedded profile, in process; {REQUESTS} requests a page")
    for name in ("stories", "home"):
        # Uncounted first: a fresh demo's pictures get their renditions made on first view.
        subprocess.run(
            [sys.executable, "-m", "bench.instructions", "--serve", "0", *pages[name]],
            cwd=ROOT,
            env=env,
            check=True,
        )
        once = instructions(env, pages[name], 0)
        more = instructions(env, pages[name], REQUESTS)
        print(f"{name:8} {(more - once) / REQUESTS / 1e6:8.2f} M", flush=True)


if __name__ == "__main__":
    main()
