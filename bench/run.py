"""``make bench``: server time, queries and throughput on a seeded PostgreSQL archive.

Prints tables; asserts nothing. Environment:

- ``BENCH_ARTICLES`` (default 100000): seed the bench database up to this many stories.
- ``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/newsroom_bench``).
- ``BENCH_REQUESTS`` (default 50): requests per page for server time and queries.
- ``BENCH_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``): the cache, as in production; when
  nothing answers there, each worker's local memory instead (the run says which).
- ``BENCH_WRK_DURATION`` (default 10s), ``BENCH_WRK_CONNECTIONS`` (default 8), ``BENCH_WRK_RUNS``
  (default 3 rounds of the bare view then the page; medians are shown).

Exits non-zero when a page answers anything but 200, in process or under wrk, so that the smoke
run in CI (``make bench-smoke``: a 300-story archive, five requests a page) keeps the benchmark
itself working. Only the full run's figures mean anything.

Server time is measured in process (SQL ms is the part spent waiting on PostgreSQL) with Django's test ``Client`` (the whole middleware stack,
templates and queries; no socket), with debug off as in production. Throughput is measured with
``wrk`` against gunicorn with two sync workers on 127.0.0.1.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

from bench.serving import ROOT, Gunicorn, Wrk

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
)
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
WRK_DURATION = os.environ.get("BENCH_WRK_DURATION", "10s")
WRK_CONNECTIONS = os.environ.get("BENCH_WRK_CONNECTIONS", "8")
WRK_RUNS = int(os.environ.get("BENCH_WRK_RUNS", "3"))  # rounds, against noisy neighbours

BENCH_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    # Required with debug off (SECURITY.md); a benchmark key, as the seeded data is throwaway.
    "NEWSROOM_FIELD_ENCRYPTION_KEY": os.environ.get("NEWSROOM_FIELD_ENCRYPTION_KEY")
    or base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_CONN_MAX_AGE": "60",
    "DJANGO_ROOT_URLCONF": "bench.urls",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    "NEWSROOM_PAGE_CACHE": "off",
    "NEWSROOM_API_RATE_LIMIT": "off",  # one client making thousands of requests on purpose
    "GUNICORN_ACCESS_LOG": "",  # gunicorn.conf.py is used as in production, minus the access log
}

# (name, target median ms, target p95 ms, target max queries) from issue 9.
TARGETS = {
    "article": (25, None, 8),
    "home": (25, None, 8),
    "topic": (25, None, 8),
    "people": (25, None, 8),
    "search": (25, 100, 8),
    "feed": (25, None, 8),
    "sitemap": (None, None, 8),  # may be cached: its time is shown, not judged
    "api stories": (None, None, 8),  # 20 or 50 ninjs items with their bodies: shown, not judged
    "admin list": (300, None, None),
    "admin form": (None, None, None),
}


PROBLEMS: list[str] = []  # pages that did not answer 200; reported at the end, exit status 1


def use_redis_if_running() -> str:
    """The production profile caches in Redis; measure that whenever a Redis is there."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    match = re.match(r"redis://([^:/]+):(\d+)", url)
    try:
        socket.create_connection((match.group(1), int(match.group(2))), timeout=1).close()
    except OSError:
        return "local memory (no Redis at " + url + ")"
    BENCH_ENV["REDIS_URL"] = url
    return f"Redis at {url}, with each worker's local copy of pages"


def ensure_database() -> None:
    import psycopg2

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone()
    connection.close()
    if not exists:
        host = re.search(r"@([^:/]+)", DATABASE_URL).group(1)
        subprocess.run(["createdb", "-h", host, "-U", "postgres", name], check=True)
        print(f"created database {name}")


def setup_django() -> None:
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_archive() -> int:
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # hashed names, as in production
    existing = Article.objects.count()
    if existing < ARTICLES:
        print(f"seeding {ARTICLES - existing} stories (have {existing}) ...", flush=True)
        call_command("seed_archive", articles=ARTICLES - existing, seed=existing + 1)
    else:
        print(f"reusing {existing} stories in {DATABASE_URL.rsplit('/', 1)[1]}")
    return Article.objects.count()


def warm_database() -> str:
    """Read the whole archive into memory first, as a production database's working set is:
    into PostgreSQL's buffers when they can hold it, else into the OS's file cache. Right after
    seeding, or on a VM that dropped its cache, the first requests for each object would
    otherwise measure the disk. Says how big the buffers are: with Debian's default 128 MB,
    a search reads a third of its time's worth of stored vectors from the file cache.

    A reused archive is vacuumed first (``refresh_statistics``), as autovacuum would have done
    by now where it runs: some machines run PostgreSQL without it."""
    from django.db import DatabaseError, connection

    from articles.seeding import refresh_statistics

    try:
        refresh_statistics()
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT pg_database_size(current_database()),"
                " current_setting('shared_buffers'),"
                " pg_size_bytes(current_setting('shared_buffers'))"
            )
            size, buffers, buffer_bytes = cursor.fetchone()
            mode = "buffer" if size < 0.9 * buffer_bytes else "read"
            cursor.execute(
                "SELECT count(pg_prewarm(c.oid, %s)) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'i', 't', 'm') AND n.nspname IN ('public', 'pg_toast')",
                [mode],
            )
    except DatabaseError as error:
        return f"database not prewarmed ({str(error).strip()})"
    place = "its buffers" if mode == "buffer" else "the file cache"
    return f"shared_buffers {buffers}; {size / 2**20:.0f} MB read into {place} first"


def sample_urls() -> dict[str, list[str]]:
    """Varied objects for each page; None where the page does not exist yet."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    from articles.models import Article, TaggedArticle
    from articles.seeding import LONG_TAIL, WORDS
    from newsroom.publication import live_q
    from sources.models import Quote

    def first_existing(names, paths):
        for name in names:
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
        for candidate in paths:
            try:
                resolve(candidate)
            except Resolver404:
                continue
            return candidate
        return None

    articles = list(Article.objects.published().order_by("?")[:REQUESTS])
    topic_ids = list(
        TaggedArticle.objects.filter(live_q("content_object__"))
        .order_by("?")
        .values_list("tag__slug", flat=True)[: REQUESTS * 3]
    )
    people = list(
        Quote.objects.filter(live_q("article__"), source__isnull=False)
        .order_by("?")
        .values_list("source__slug", flat=True)[:REQUESTS]
    )
    search = first_existing(["search", "articles:search", "search:search"], ["/search/"])
    feed = first_existing(
        ["articles:rss", "articles:feed", "feeds:latest"], ["/feeds/rss/", "/feed/", "/rss/"]
    )
    try:  # the sitemap of stories: the largest one (50,000 URLs a page)
        sitemaps = [reverse("sitemap-section", kwargs={"section": "articles"})]
        if Article.objects.published().count() > 50_000:
            sitemaps.append(f"{sitemaps[0]}?p=2")
    except NoReverseMatch:
        sitemaps = [first_existing(["sitemap"], ["/sitemap.xml"])]
    admin_articles = list(Article.objects.order_by("?").values_list("pk", flat=True)[:REQUESTS])
    # Search terms from the archive's long tail, log-spaced from rank 100 to 10,000: each matches
    # from about a tenth of the stories down to a few hundred; every other one adds a common word.
    ranks = [int(100 * 100 ** (i / max(REQUESTS - 1, 1))) for i in range(REQUESTS)]
    words = [
        LONG_TAIL[rank] if i % 2 else f"{WORDS[i % len(WORDS)]} {LONG_TAIL[rank]}"
        for i, rank in enumerate(ranks)
    ]
    return {
        "article": [a.get_absolute_url() for a in articles],
        "home": ["/", *[f"/?page={n}" for n in range(2, 6)]],
        "topic": [f"/topics/{slug}/" for slug in dict.fromkeys(topic_ids)][:REQUESTS],
        "people": [f"/people/{slug}/" for slug in people],
        "search": [f"{search}?q={quote_plus(word)}" for word in words] if search else None,
        "feed": [feed] if feed else None,
        "sitemap": [url for url in sitemaps if url] or None,
        "api stories": ["/api/v1/stories/", "/api/v1/stories/?limit=50"],
        "admin list": [
            "/admin/articles/article/",
            "/admin/articles/article/?p=2",
            "/admin/articles/article/?status__exact=published",
        ],
        "admin form": [f"/admin/articles/article/{pk}/change/" for pk in admin_articles],
    }


def measure(client, urls: list[str]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:3]:  # warm templates, connections and the database's buffers
        client.get(url)
    times, queries, statuses, sizes, sql = [], [], [], [], []
    for index in range(REQUESTS):
        url = urls[index % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        statuses.append(response.status_code)
        sizes.append(len(response.content))
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "queries": max(queries),
        "sql": statistics.median(sql),
        "queries_median": statistics.median(queries),
        "statuses": sorted(set(statuses)),
        "size": int(statistics.median(sizes)),
        "ok": statuses.count(200),
    }


def verdict(name: str, result: dict) -> str:
    median_target, p95_target, query_target = TARGETS[name]
    misses = []
    if median_target and result["median"] > median_target:
        misses.append(f"median>{median_target}")
    if p95_target and result["p95"] > p95_target:
        misses.append(f"p95>{p95_target}")
    if query_target and result["queries"] > query_target:
        misses.append(f"queries>{query_target}")
    return "MISS " + ",".join(misses) if misses else "ok"


def verify_second_factor(client, user) -> None:
    """Mark the staff session as having passed TOTP, as production requires with debug off."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def server_times(urls: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    public, staff = Client(), Client()
    staff.force_login(admin)
    verify_second_factor(staff, admin)
    results = {}
    print(f"\nServer time, in process, {REQUESTS} requests each (debug off, page cache off)\n")
    header = (
        f"{'page':<11} {'median ms':>9} {'p95 ms':>8} {'SQL ms':>7} {'queries':>7} {'bytes':>8}"
        f"  {'status':<10} target"
    )
    print(header)
    print("-" * len(header))
    for name, page_urls in urls.items():
        if not page_urls:
            print(f"{name:<11} {'n/a':>9} {'n/a':>8} {'':>7} {'n/a':>7} {'':>8}  no URL yet")
            continue
        client = staff if name.startswith("admin") else public
        result = measure(client, page_urls)
        results[name] = result
        if result["ok"] < REQUESTS:
            PROBLEMS.append(f"{name}: statuses {result['statuses']}")
        if not result["ok"]:
            print(
                f"{name:<11} {'n/a':>9} {'n/a':>8} {'':>7} {'n/a':>7} {'':>8}  {result['statuses']}"
            )
            continue
        status = ",".join(str(s) for s in result["statuses"])
        print(
            f"{name:<11} {result['median']:9.1f} {result['p95']:8.1f} {result['sql']:7.1f} "
            f"{result['queries']:7d} "
            f"{result['size']:8d}  {status:<10} {verdict(name, result)}"
        )
    return results


def paired(wrk: Wrk, server: Gunicorn, bare_server: Gunicorn, paths: list[str], bare: list[str]):
    """The page and both bare views, one right after the other, ``WRK_RUNS`` times: median req/s
    of the page and the medians of the rounds' shares of each bare view. On a shared VM the
    machine's speed drifts by a third within minutes; a share taken within one round is steadier
    than one against a bare view measured minutes earlier."""
    pages, with_middleware, without = [], [], []
    for _ in range(WRK_RUNS):
        bare_rps = wrk(server, bare)
        bare_alone = wrk(bare_server, ["/"])
        pages.append(wrk(server, paths))
        with_middleware.append(pages[-1] / bare_rps)
        without.append(pages[-1] / bare_alone)
    return (
        statistics.median(pages),
        statistics.median(with_middleware),
        statistics.median(without),
    )


def throughput(urls: dict, article_bytes: int) -> None:
    articles = urls["article"][:20]
    bare = [f"/bench/bare/?bytes={article_bytes}"]
    wrk = Wrk(connections=int(WRK_CONNECTIONS), duration=WRK_DURATION)
    print(
        f"\nThroughput: gunicorn, 2 sync workers, wrk -t2 -c{WRK_CONNECTIONS} -d{WRK_DURATION}; "
        f"{WRK_RUNS} rounds of the bare views then the page, medians (same machine). "
        "'of bare' divides by a bare view behind the project's middleware, 'no mw' by Django "
        "alone (bench/bare.py, as make bench-demo)\n"
    )
    rows = []
    probe = "/bench/bare/"
    with Gunicorn("bench.bare", BENCH_ENV) as bare_server:
        with Gunicorn(
            "newsroom.wsgi", {**BENCH_ENV, "NEWSROOM_PAGE_CACHE": "off"}, probe
        ) as server:
            rows.append(
                ("article, uncached", *paired(wrk, server, bare_server, articles, bare), 20)
            )
            rows.append(("home, uncached", *paired(wrk, server, bare_server, ["/"], bare), 10))
        with Gunicorn("newsroom.wsgi", {**BENCH_ENV, "NEWSROOM_PAGE_CACHE": "on"}, probe) as server:
            rows.append(
                ("article, page cache on", *paired(wrk, server, bare_server, articles, bare), 70)
            )
            rows.append(("home, page cache on", *paired(wrk, server, bare_server, ["/"], bare), 10))
    PROBLEMS.extend(wrk.problems)
    header = f"{'page':<24} {'req/s':>8} {'of bare':>8} {'no mw':>7}  target (of bare)"
    print(header)
    print("-" * len(header))
    for name, rps, share, share_alone, target in rows:
        share *= 100
        mark = f">={target}% ok" if share >= target else f">={target}% MISS"
        print(f"{name:<24} {rps:8.0f} {share:7.1f}% {share_alone * 100:6.1f}%  {mark}")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    return f"{os.cpu_count()} CPUs ({cpu}), {int(memory) // 1024 // 1024} GiB RAM"


def main() -> None:
    ensure_database()
    cache = use_redis_if_running()
    setup_django()
    total = ensure_archive()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        postgres = cursor.fetchone()[0].split(" on ")[0]
    print(f"{total} stories; {postgres} ({warm_database()}); cache: {cache}; {machine()}")
    urls = sample_urls()
    results = server_times(urls)
    throughput(urls, results["article"]["size"])
    if PROBLEMS:
        print("\nFAILED: " + "; ".join(PROBLEMS))
        sys.exit(1)


if __name__ == "__main__":
    main()
