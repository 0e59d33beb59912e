"""``make bench-ab``: a paired A/B of the working tree against an earlier commit, on the demo.

Issue 18's rule for keeping a speed-only mechanism: it stays where a paired A/B, old and new code
side by side for at least 20 alternating rounds, shows a gain of 10% or more. This runs one:
the base commit (``BENCH_AB_BASE``, default ``HEAD``) is checked out in ``var/ab/base``; each
side loads the demo newsroom into its own database with its own code and is served as
``make bench-demo`` serves it (``bench.demo``'s profiles, gunicorn with two sync workers,
wrk ``-t2 -c16``). Each round measures every page on both sides, in alternating order, and the
table shows, per page, the median of the rounds' new/old ratios and how many rounds new won.

``BENCH_AB_PROFILE=archive`` serves both sides from the 100,000-story archive that ``make bench``
seeds (``BENCH_DATABASE_URL``), as ``make bench`` serves it (page cache off, Redis, wrk ``-c8``),
over ``make bench``'s sample addresses of each page; its rows are ``article``, ``home``,
``topic``, ``people``, ``search`` and ``feed``.

Environment: ``BENCH_AB_BASE``, ``BENCH_AB_PROFILE`` (``embedded``, ``production`` or
``archive``), ``BENCH_AB_ROUNDS`` (20), ``BENCH_AB_WARMUP`` (1s), ``BENCH_AB_DURATION`` (3s),
``BENCH_AB_ROWS`` (rows by name, separated by ``;``; default all).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from contextlib import ExitStack

from bench.demo import ROWS, load_demo, manage, profile_env
from bench.run import BENCH_ENV
from bench.serving import ROOT, Gunicorn, Wrk

BASE = os.environ.get("BENCH_AB_BASE", "HEAD")
PROFILE = os.environ.get("BENCH_AB_PROFILE", "embedded")
ROUNDS = int(os.environ.get("BENCH_AB_ROUNDS", "20"))
ROW_NAMES = [n.strip() for n in os.environ.get("BENCH_AB_ROWS", "").split(";") if n.strip()]
BASE_ROOT = ROOT / "var" / "ab" / "base"
ARCHIVE_PAGES = ("article", "home", "topic", "people", "search", "feed")
ARCHIVE_URLS = (
    "import json, bench.run; "
    f"print(json.dumps({{k: v for k, v in bench.run.sample_urls().items() if k in {ARCHIVE_PAGES}}}))"
)


def check_out_base() -> str:
    """The base commit in its own work tree; its short hash."""
    commit = git("rev-parse", "--short", BASE)
    shutil.rmtree(BASE_ROOT, ignore_errors=True)
    git("worktree", "prune")
    git("worktree", "add", "--detach", str(BASE_ROOT), commit)
    return commit


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def side_env(side: str) -> dict:
    if PROFILE == "archive":
        return {
            **BENCH_ENV,
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        }
    return profile_env(
        PROFILE,
        sqlite_path=ROOT / "var" / f"ab_{side}.sqlite3",
        database_url=f"postgres://postgres@127.0.0.1:5432/newsroom_ab_{side}",
        redis_url=f"redis://127.0.0.1:6379/{12 if side == 'old' else 13}",
    )


def main() -> None:
    commit = check_out_base()
    roots = {"old": BASE_ROOT, "new": ROOT}
    every_row = ROWS
    if PROFILE == "archive":
        every_row = tuple((page, "off", page, None) for page in ARCHIVE_PAGES)
    rows = [row for row in every_row if not ROW_NAMES or row[0] in ROW_NAMES]
    if not rows:
        raise SystemExit(f"BENCH_AB_ROWS names no row of: {'; '.join(r[0] for r in every_row)}")
    for side, root in roots.items():
        manage(side_env(side), "collectstatic", "--noinput", "--verbosity", "0", root=root)
    if PROFILE == "archive":
        urls = json.loads(manage(side_env("new"), "shell", "-c", ARCHIVE_URLS).splitlines()[-1])
        paths = dict.fromkeys(roots, urls)
    else:
        paths = {side: load_demo(side_env(side), root=root) for side, root in roots.items()}
    wrk = Wrk(
        connections=8 if PROFILE == "archive" else 16,
        duration=os.environ.get("BENCH_AB_DURATION", "3s"),
        warmup=os.environ.get("BENCH_AB_WARMUP", "1s"),
    )
    rates: dict[tuple, list[float]] = {}
    with ExitStack() as stack:
        servers = {
            (side, cache): stack.enter_context(
                Gunicorn(
                    "newsroom.wsgi",
                    {**side_env(side), "NEWSROOM_PAGE_CACHE": cache},
                    root=root,
                )
            )
            for side, root in roots.items()
            for cache in {row[1] for row in rows}
        }
        for round_number in range(ROUNDS):
            order = ("old", "new") if round_number % 2 == 0 else ("new", "old")
            for row, cache, which, _target in rows:
                for side in order:
                    rate = wrk(servers[side, cache], paths[side][which])
                    rates.setdefault((row, side), []).append(rate)
            print(f"round {round_number + 1}/{ROUNDS} done", flush=True)
    report(commit, rows, rates, wrk)


def report(commit: str, rows, rates: dict, wrk: Wrk) -> None:
    print(
        f"\nA/B, {PROFILE} profile: {commit} (old) against the working tree (new); "
        f"{ROUNDS} rounds in alternating order, wrk -t2 -c{wrk.connections}, "
        f"{wrk.warmup} warm-up then {wrk.duration}\n"
    )
    header = f"{'page':<16} {'old req/s':>9} {'new req/s':>9} {'new/old':>8}  new won"
    print(header)
    print("-" * len(header))
    for row, *_ in rows:
        old, new = rates[row, "old"], rates[row, "new"]
        ratios = [b / a for a, b in zip(old, new, strict=True)]
        wins = sum(ratio > 1 for ratio in ratios)
        print(
            f"{row:<16} {statistics.median(old):9.0f} {statistics.median(new):9.0f} "
            f"{statistics.median(ratios):8.3f}  {wins}/{len(ratios)}"
        )
    if wrk.problems:
        print("\nFAILED: " + "; ".join(wrk.problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
