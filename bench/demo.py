"""``make bench-demo``: the demo newsroom's requests per second as a share of a bare Django view.

The bare view (``bench/bare.py``) is Django alone: no apps, no middleware, no database, debug
off, a constant 20 KB page. Both run under gunicorn started in the project folder, so
``gunicorn.conf.py`` applies to both, with two sync workers; wrk loads each with
``-t2 -c16``, a warm-up then the measured run. A round measures the bare view, then each page;
each share is the page's figure over the bare view's in the same round, and the table shows the
median of the rounds, so that a machine whose speed drifts between rounds moves both alike.
Beside each share, the CPU milliseconds a request cost gunicorn's processes (SQLite's reads
included) and PostgreSQL's over the measured run, from Linux's ``/proc``: where a profile's
time goes, and what a share is made of.

Two profiles, each loaded afresh with the demo newsroom (``load_demo_newsroom``, as ``make run``
does) and served with debug off:

- embedded: SQLite, no Redis, default connection settings (``make run``'s database, in its own
  file ``var/bench_demo.sqlite3``);
- production: PostgreSQL (``BENCH_DEMO_DATABASE_URL``, default database ``newsroom_demo``,
  dropped and created again), ``REDIS_URL`` (``BENCH_DEMO_REDIS_URL``, default database 14,
  emptied first) and ``DJANGO_CONN_MAX_AGE=60``.

Environment: ``BENCH_DEMO_ROUNDS`` (3), ``BENCH_DEMO_WARMUP`` (3s), ``BENCH_DEMO_DURATION`` (8s),
``BENCH_DEMO_PROFILES`` (``embedded,production``). Exits non-zero when any response is not 2xx or
3xx. Method and figures: docs/performance.md.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import statistics
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import redis

from bench.serving import ROOT, Gunicorn, Wrk

ROUNDS = int(os.environ.get("BENCH_DEMO_ROUNDS", "3"))
DATABASE_URL = os.environ.get(
    "BENCH_DEMO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_demo"
)
REDIS_URL = os.environ.get("BENCH_DEMO_REDIS_URL", "redis://127.0.0.1:6379/14")
PROFILES = os.environ.get("BENCH_DEMO_PROFILES", "embedded,production").split(",")
SQLITE_PATH = ROOT / "var" / "bench_demo.sqlite3"

COMMON_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "NEWSROOM_FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    "NEWSROOM_DEMO_PASSWORD": secrets.token_urlsafe(12),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "DJANGO_LOG_LEVEL": "WARNING",
    "GUNICORN_ACCESS_LOG": "",  # the same for the bare view and the newsroom: none
}
# Variables of the caller's shell that would change a profile: each profile sets its own.
PROFILE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "DJANGO_CONN_MAX_AGE", "NEWSROOM_PAGE_CACHE")

# (row, page cache, which paths, target share of the bare view) from issue 18.
ROWS = (
    ("story, uncached", "off", "stories", 0.17),
    ("home, uncached", "off", "home", 0.115),
    ("story, cached", "on", "stories", 0.50),
    ("home, cached", "on", "home", None),
)


def profile_env(
    name: str, *, sqlite_path=SQLITE_PATH, database_url=DATABASE_URL, redis_url=REDIS_URL
) -> dict:
    if name == "embedded":
        return {**COMMON_ENV, "DATABASE_URL": f"sqlite:///{sqlite_path}"}
    if name == "production":
        return {
            **COMMON_ENV,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_CONN_MAX_AGE": "60",
        }
    raise SystemExit(f"unknown profile {name!r}: embedded or production")


def fresh_database(env: dict) -> None:
    """Empty the profile's database (and its Redis database, if it has one)."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return
    database = urlsplit(url).path.lstrip("/")
    server = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{database}"')
    server.close()
    if env.get("REDIS_URL"):
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def manage(env: dict, *args: str, root: Path = ROOT) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(
        command, cwd=root, env={**clean, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


STORY_URLS = (
    "import json; from articles.models import Article; "
    "print(json.dumps([a.get_absolute_url() for a in Article.objects.published()]))"
)


def load_demo(env: dict, *, root: Path = ROOT) -> dict[str, list[str]]:
    """The profile's database with the demo newsroom (loaded by the code in ``root``), and the
    public URLs to load."""
    fresh_database(env)
    manage(env, "migrate", "--noinput", root=root)
    manage(env, "load_demo_newsroom", "--quiet-logins", root=root)
    stories = json.loads(manage(env, "shell", "-c", STORY_URLS, root=root).strip().splitlines()[-1])
    return {"stories": stories, "home": ["/"]}


def main() -> None:
    manage(profile_env("embedded"), "collectstatic", "--noinput", "--verbosity", "0")
    wrk = Wrk(
        connections=16,
        duration=os.environ.get("BENCH_DEMO_DURATION", "8s"),
        warmup=os.environ.get("BENCH_DEMO_WARMUP", "3s"),
    )
    paths = {name: load_demo(profile_env(name)) for name in PROFILES}
    for name in PROFILES:
        print(f"{name}: {len(paths[name]['stories'])} published stories", flush=True)
    shares: dict[tuple, list[float]] = {}
    rates: dict[tuple, list[float]] = {}
    cpu: dict[tuple, list[dict]] = {}
    with ExitStack() as stack:
        bare = stack.enter_context(Gunicorn("bench.bare", COMMON_ENV))
        servers = {
            (name, cache): stack.enter_context(
                Gunicorn("newsroom.wsgi", {**profile_env(name), "NEWSROOM_PAGE_CACHE": cache})
            )
            for name in PROFILES
            for cache in ("off", "on")
        }
        for round_number in range(1, ROUNDS + 1):
            for name in PROFILES:
                baseline = wrk(bare, ["/"])
                rates.setdefault((name, "bare"), []).append(baseline)
                cpu.setdefault((name, "bare"), []).append(wrk.cpu_per_request)
                for row, cache, which, _target in ROWS:
                    rate = wrk(servers[name, cache], paths[name][which])
                    rates.setdefault((name, row), []).append(rate)
                    shares.setdefault((name, row), []).append(rate / baseline)
                    cpu.setdefault((name, row), []).append(wrk.cpu_per_request)
                print(f"round {round_number}/{ROUNDS} {name} done", flush=True)
    report(shares, rates, cpu, wrk)


def report(shares: dict, rates: dict, cpu: dict, wrk: Wrk) -> None:
    print(
        f"\nDemo newsroom: req/s as a share of the bare view; gunicorn, 2 sync workers, "
        f"wrk -t2 -c{wrk.connections}, {wrk.warmup} warm-up then {wrk.duration}; "
        f"medians of {ROUNDS} rounds; load average at the end "
        f"{' '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs\n"
        "CPU ms a request: gunicorn's processes (SQLite's reads included) and PostgreSQL's\n"
    )
    header = (
        f"{'profile':<11} {'page':<16} {'req/s':>7} {'bare req/s':>10} {'share':>6}  "
        f"{'server ms':>9} {'db ms':>6}  target"
    )
    print(header)
    print("-" * len(header))
    for name in PROFILES:
        bare = statistics.median(rates[name, "bare"])
        for row, _cache, _which, target in ROWS:
            share = statistics.median(shares[name, row])
            verdict = (
                "" if target is None else f">= {target}  " + ("ok" if share >= target else "MISS")
            )
            rate = statistics.median(rates[name, row])
            print(
                f"{name:<11} {row:<16} {rate:7.0f} {bare:10.0f} {share:6.3f}  "
                f"{_median_cpu(cpu[name, row], 'server'):>9} "
                f"{_median_cpu(cpu[name, row], 'database'):>6}  {verdict}"
            )
        print(
            f"{name:<11} {'bare view':<16} {bare:7.0f} {'':>10} {'':>6}  "
            f"{_median_cpu(cpu[name, 'bare'], 'server'):>9}"
        )
    if wrk.problems:
        print("\nFAILED: " + "; ".join(wrk.problems))
        sys.exit(1)


def _median_cpu(runs: list[dict], side: str) -> str:
    values = [run[side] for run in runs if side in run]
    return f"{statistics.median(values):.2f}" if values else "-"


if __name__ == "__main__":
    main()
