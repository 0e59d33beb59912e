"""Reader search: full text on PostgreSQL, a ranked ``icontains`` fallback on SQLite.

Both start from ``Article.objects.published()``. Input is cleaned first (control characters
and NUL bytes removed, length capped) so no query, however hostile, reaches the database in a
form it rejects; ``icontains`` escapes ``%``, ``_`` and ``\\`` itself and ``websearch`` syntax
never raises on malformed input.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from sources.models import Organisation, Source

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_WORDS = 30
# Sentinels around highlighted words; removed characters in clean_query() so they never
# come from the reader.
START, STOP = "\x02", "\x03"
SEARCH_CONFIG = "english"
DROPPED = frozenset({"Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def clean_query(raw: str | None) -> str:
    """The reader's query, made safe: no control characters, normalised, at most 200 chars."""
    text = unicodedata.normalize("NFKC", (raw or "")[: MAX_QUERY_LENGTH * 4])
    # Control, surrogate, private-use and unassigned characters and odd spaces become spaces;
    # format characters such as the zero-width non-joiner stay, Urdu and Persian need them.
    text = "".join(" " if unicodedata.category(char) in DROPPED else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query: str) -> list[str]:
    return [term for term in re.split(r"[\s\"']+", query) if term.strip("-")][:MAX_TERMS]


# Rank at most this many matches, the newest: a word found in a tenth of a 100,000-story archive
# would otherwise mean ranking 10,000 vectors per request.
MAX_RANKED = 300
# The newest matches are looked for among the newest RECENT_WINDOW * MAX_RANKED stories first,
# then, for a word found often enough there, among the stories of the EARLIER_WINDOWS times longer
# period before them.
RECENT_WINDOW = 10
EARLIER_WINDOWS = 4


def search_query_for(query: str):
    from django.contrib.postgres.search import SearchQuery  # noqa: PLC0415

    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def newest_matches(search_query, limit: int, *, now=None) -> RawSQL:
    """The newest ``limit`` public stories matching ``search_query``: ids, for ``pk__in``.

    One statement in three parts, each fast where the others are slow, over disjoint periods,
    newest first. A part runs only if the parts before it found fewer than ``limit`` stories,
    and takes only as many as are missing, so the parts add up to the newest matches however
    long each period is: periods only decide speed.

    1. ``recent``: the newest ``RECENT_WINDOW * limit`` public stories (3,000). The GIN index's
       matches and the date index's window are intersected as bitmaps (a ``BitmapAnd``), so
       only stories both recent and matching are read. A word in a tenth of the archive or more
       is answered here, in 2-4 ms at 100,000 stories; reading all its matches took 15-25 ms.
    2. ``earlier``: if part 1 found at least a fifth of ``limit`` (a word in 2% of stories or
       more), the same over the ``EARLIER_WINDOWS`` times longer period before (about 12,000
       stories when stories come at a steady rate). A window costs about 0.1 µs a story in it,
       so it is not tried for a rarer word.
    3. ``older``: the remaining older matches, from the GIN index alone (a materialised CTE, so
       the planner cannot turn it into a backwards walk by date), sorted by date: fast for a
       rare word. Testing stories' vectors one by one, as PostgreSQL would do with a ``LIMIT``
       left to itself, costs 10-70 µs a story (vectors are stored out of line): 160 ms for a
       word in 3% of 100,000 stories.

    Every part starts from ``published()``; its SQL is wrapped, not rewritten.
    """
    now = now or timezone.now()
    public = Article.objects.published(now=now)
    window = RECENT_WINDOW * limit
    start = public.order_by("-published_at", "-pk").values("published_at")[window - 1 : window]
    matches = public.filter(search_vector=search_query).values("pk", "published_at").order_by()
    start_sql, start_params = start.query.sql_with_params()
    matches_sql, matches_params = matches.query.sql_with_params()
    found = "(SELECT count(*) FROM recent)"
    found_before = "(SELECT count(*) FROM recent) + (SELECT count(*) FROM earlier)"
    newest_first = "ORDER BY matches.published_at DESC, matches.id DESC"
    # Each part is planned on its own (a CTE) for at most ``limit`` stories; only as many as are
    # missing are then taken from it. (Under a LIMIT the planner cannot evaluate, it would walk
    # the date index testing vectors one by one, for a first few rows.)
    parts = [
        # The periods' boundaries: with fewer stories than the window, part 1 is all of them.
        (f"WITH start (at) AS MATERIALIZED ({start_sql}), ", start_params),  # noqa: S608
        (
            "bounds (recent, earlier) AS MATERIALIZED (SELECT "
            "COALESCE(max(at), '-infinity'::timestamptz), "
            "COALESCE(max(at) - %s * (%s - max(at)), '-infinity'::timestamptz) FROM start), ",
            (EARLIER_WINDOWS, now),
        ),
        (
            "recent (id) AS MATERIALIZED (SELECT matches.id "  # noqa: S608
            f"FROM ({matches_sql}) AS matches (id, published_at) "
            f"WHERE matches.published_at >= (SELECT recent FROM bounds) {newest_first} LIMIT %s), ",
            (*matches_params, limit),
        ),
        (
            "earlier_matches (id, published_at) AS MATERIALIZED (SELECT matches.* "  # noqa: S608
            f"FROM ({matches_sql}) AS matches (id, published_at) "
            "WHERE matches.published_at < (SELECT recent FROM bounds) "
            "AND matches.published_at >= (SELECT earlier FROM bounds) "
            f"AND {found} BETWEEN %s AND %s - 1 {newest_first} LIMIT %s), ",
            (*matches_params, limit // 5, limit, limit),
        ),
        (
            "earlier (id) AS MATERIALIZED (SELECT matches.id FROM earlier_matches AS matches "  # noqa: S608
            f"{newest_first} LIMIT %s - {found}), ",
            (limit,),
        ),
        (
            f"everything (id, published_at) AS MATERIALIZED ({matches_sql}), ",  # noqa: S608
            matches_params,
        ),
        (
            "older (id) AS MATERIALIZED (SELECT matches.id FROM everything AS matches "  # noqa: S608
            "WHERE matches.published_at < "
            f"(SELECT CASE WHEN {found} >= %s THEN earlier ELSE recent END FROM bounds) "
            f"AND {found_before} < %s {newest_first} LIMIT %s - ({found_before})) ",
            (limit // 5, limit, limit),
        ),
        (
            "SELECT id FROM recent UNION ALL SELECT id FROM earlier UNION ALL SELECT id FROM older",
            (),
        ),
    ]
    sql = "".join(part for part, _ in parts)
    params = tuple(param for _, part_params in parts for param in part_params)
    return RawSQL(sql, params)  # noqa: S611 (the ORM's SQL, with its parameters kept apart)


# What the results list shows (headline, dek, section, date and link) and the body for the
# extract; not the other columns (bylines, credit, retraction note, workflow fields).
RESULT_FIELDS = ("headline", "slug", "dek", "body", "published_at", "section__name")


def search_articles(query: str) -> QuerySet[Article]:
    """Public stories matching ``query``, best first.

    On PostgreSQL the GIN index on the stored ``search_vector`` (migration 0010) finds matches;
    only the newest ``MAX_RANKED`` are ranked, and highlighted extracts are made for the page
    shown, not for every match.
    """
    if not query:
        return Article.objects.none()
    now = timezone.now()
    base = Article.objects.published(now=now).select_related("section").only(*RESULT_FIELDS)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchHeadline, SearchRank  # noqa: PLC0415

        search_query = search_query_for(query)
        # PostgreSQL makes the costly highlighted extract after the sort and the page's LIMIT,
        # so only for the stories shown.
        snippet = SearchHeadline(
            "body",
            search_query,
            config=SEARCH_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=SNIPPET_WORDS,
            min_words=12,
        )
        return (
            base.filter(pk__in=newest_matches(search_query, MAX_RANKED, now=now))
            .annotate(rank=SearchRank(F("search_vector"), search_query), search_snippet=snippet)
            .order_by("-rank", "-published_at", "-pk")
        )
    terms = query_terms(query)
    if not terms:
        return Article.objects.none()
    matches = Q()
    rank = Value(0)
    for term in terms:
        term = term.lstrip("-")
        matches &= Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
        rank = rank + Case(
            When(headline__icontains=term, then=Value(3)),
            When(dek__icontains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return base.filter(matches).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


def search_people(query: str, limit: int = 10):
    terms = query_terms(query)
    if not terms:
        return [], []
    people = Q()
    organisations = Q()
    for term in terms:
        term = term.lstrip("-")
        people &= Q(name__icontains=term)
        organisations &= Q(name__icontains=term)
    return (
        list(Source.objects.public().filter(people).select_related("organisation")[:limit]),
        list(Organisation.objects.public().filter(organisations)[:limit]),
    )


def snippet_for(article: Article, query: str) -> SafeString:
    """A short plain-text extract with the matched words in ``<mark>``; always escaped."""
    raw = getattr(article, "search_snippet", None)
    if raw is None:
        raw = _python_snippet(strip_tags(article.body), query_terms(query))
    text = escape(strip_tags(raw))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _python_snippet(text: str, terms: list[str]) -> str:
    text = text.replace(START, "").replace(STOP, "")
    words = text.split()
    lowered = [word.lower() for word in words]
    needles = [term.lstrip("-").lower() for term in terms if term.lstrip("-")]
    first = next(
        (i for i, word in enumerate(lowered) if any(needle in word for needle in needles)), 0
    )
    start = max(0, first - 8)
    window = words[start : start + SNIPPET_WORDS]
    marked = [
        f"{START}{word}{STOP}" if any(needle in word.lower() for needle in needles) else word
        for word in window
    ]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return prefix + " ".join(marked) + suffix
