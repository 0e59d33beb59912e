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


def search_query_for(query: str):
    from django.contrib.postgres.search import SearchQuery  # noqa: PLC0415

    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def newest_matches(search_query, limit: int):
    """The newest ``limit`` public stories matching ``search_query``: ids, for ``pk__in``.

    Two ways, each fast where the other is slow. A common word is found among the newest
    ``2 * limit`` stories by testing each one's stored vector (about 6 µs a story). A rarer word
    is looked up in the GIN index alone (a materialised CTE), then sorted by date: left to itself,
    PostgreSQL would read the archive backwards by date testing every vector, which took 160 ms
    for a word in 3% of 100,000 stories; the index finds its 3,000 stories in 10-15 ms. Both ways
    start from ``published()``; its SQL is wrapped, not rewritten.
    """
    public = Article.objects.published()
    recent = public.order_by("-published_at", "-pk").values("pk")[: 2 * limit]
    ids = list(
        public.filter(pk__in=recent, search_vector=search_query)
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    if len(ids) == limit:
        return ids
    matches = public.filter(search_vector=search_query).values("pk", "published_at").order_by()
    sql, params = matches.query.sql_with_params()
    return RawSQL(  # noqa: S611 (the SQL is the ORM's, with its parameters kept apart)
        f"WITH matches (id, published_at) AS MATERIALIZED ({sql}) "  # noqa: S608
        "SELECT matches.id FROM matches ORDER BY matches.published_at DESC, matches.id DESC "
        "LIMIT %s",
        (*params, limit),
    )


def search_articles(query: str) -> QuerySet[Article]:
    """Public stories matching ``query``, best first.

    On PostgreSQL the GIN index on the stored ``search_vector`` (migration 0010) finds matches;
    only the newest ``MAX_RANKED`` are ranked, and highlighted extracts are made for the page
    shown, not for every match.
    """
    if not query:
        return Article.objects.none()
    base = Article.objects.published().select_related("section")
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
            base.filter(pk__in=newest_matches(search_query, MAX_RANKED))
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
