"""Reader search: PostgreSQL's full text and trigram search, a ranked ``icontains`` on SQLite.

As djangoproject.com's ``DocumentManager.search``: a ``websearch`` ``SearchQuery`` matched
against the stored, GIN-indexed ``Article.search_vector`` (headline, dek and body), ``SearchRank``
over the small ``rank_vector`` (headline A, dek B) and ``SearchHeadline`` for the extract. People
and organisations are matched by trigram word similarity (``pg_trgm``): a misspelt name is found.

Everything starts from the public querysets. The query is cleaned first (control characters and
NUL removed, length capped): ``websearch`` syntax never raises on what is left, and ``icontains``
escapes ``%``, ``_`` and ``\\`` itself.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, models, router
from django.db.models import Case, F, IntegerField, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Collate, Greatest, Lower, StrIndex, Substr, Upper
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from newsroom.compiled import CompiledQuery, Parameter
from sources.models import Organisation, Source

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SEARCH_CONFIG = "english"
# Only the newest matches are ranked, looked for first among the newest stories: a word in nine
# stories in ten would otherwise mean reading most of the archive per request.
MAX_RANKED, RECENT_STORIES = 300, 3000
# Names are matched on words of three letters or more (a shorter one is less than a trigram and
# matches nearly every name), and only the most similar are checked against the public stories:
# hundreds of people share a common first name.
MIN_NAME_TERM, MOST_SIMILAR_NAMES, NAMES_SHOWN = 3, 50, 10
# ts_headline parses all it is given, nearly all of its cost: a passage of the body from a little
# before the query's longest word first appears as typed ("Baqai" in a long story), else from the
# start (a stemmed match: "talked" for "talks").
EXTRACT_WORDS, PASSAGE_CHARACTERS, PASSAGE_LEAD = 30, 600, 100
# Control, surrogate, private-use and unassigned characters and odd spaces become spaces; format
# characters such as the zero-width non-joiner stay, Urdu and Persian need them.
DROPPED = frozenset({"Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
MARK, UNMARK = "<mark>", "</mark>"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TAG = re.compile(r"<[^>]*(?:>|$)|^[^<]*>")  # a tag, or one cut short by the passage
RESULT_FIELDS = ("headline", "slug", "dek", "published_at", "section__name")


def clean_query(raw: str | None) -> str:
    """The reader's query, made safe: no control characters, normalised, at most 200 chars."""
    text = unicodedata.normalize("NFKC", (raw or "")[: MAX_QUERY_LENGTH * 4])
    text = "".join(" " if unicodedata.category(char) in DROPPED else char for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def query_terms(query: str) -> list[str]:
    """The words a story must contain (``-excluded`` ones left out), for SQLite and names."""
    words = (word.strip("-") for word in re.split(r"[\s\"']+", query) if not word.startswith("-"))
    return [word for word in words if word][:MAX_TERMS]


def search_articles(query: str) -> QuerySet[Article]:
    """Public stories matching ``query``, best first, with their ``rank`` and section.

    The newest ``MAX_RANKED`` matches, ranked by where the words are (headline, then dek, as on
    SQLite), newest first among equals. On PostgreSQL each has its ``extract`` (matched words
    between ``MARK`` and ``UNMARK``), computed after the ``LIMIT``, for the page's rows only.
    """
    if not query:
        return Article.objects.none()
    public = Article.objects.published().select_related("section")
    if connection.vendor != "postgresql":
        return _containing_every_term(public, query)
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    longest = max(query_terms(query), key=len, default="").lower()
    # In the "C" collation, which lower-cases ASCII letters only and many times faster: a word
    # with other capitals is not found, and the passage is the body's start.
    at = StrIndex(Lower(Collate("body", "C")), Value(longest))
    extract = SearchHeadline(
        Substr("body", Greatest(at - PASSAGE_LEAD, 1), PASSAGE_CHARACTERS),
        search_query,
        config=SEARCH_CONFIG,
        start_sel=MARK,
        stop_sel=UNMARK,
        max_words=EXTRACT_WORDS,
        min_words=EXTRACT_WORDS - 5,
    )
    return (
        public.filter(pk__in=_newest_matches(search_query))
        .only(*RESULT_FIELDS)
        .annotate(rank=SearchRank(F("rank_vector"), search_query), extract=extract)
        .order_by("-rank", "-published_at", "-pk")
    )


def _newest_matches(search_query: SearchQuery) -> list[int] | QuerySet:
    """The ids of the newest ``MAX_RANKED`` public stories matching: a list, or a subquery.

    First among the newest ``RECENT_STORIES`` (enough for a word in one story in ten), else among
    all matches sorted NULLS LAST: the same order (a public story has a date) but one no date
    index gives, so PostgreSQL takes them from the GIN index rather than walking stories by date
    testing each one's vector (stored out of line), its favourite plan for a word in a few
    stories in a hundred, and a slow one.
    """
    matches = Article.objects.published().filter(search_vector=search_query)
    window = Article.objects.published().order_by("-published_at", "-pk")
    start = window.values("published_at")[RECENT_STORIES - 1 : RECENT_STORIES]
    recent = matches.filter(published_at__gte=Subquery(start)).order_by("-published_at", "-pk")
    found = list(recent.values_list("pk", flat=True)[:MAX_RANKED])
    if len(found) == MAX_RANKED:
        return found
    by_date = matches.order_by(F("published_at").desc(nulls_last=True), "-pk")
    return by_date.values("pk")[:MAX_RANKED]


def _containing_every_term(public: QuerySet[Article], query: str) -> QuerySet[Article]:
    """SQLite: stories containing every term, those with it in the headline or dek first."""
    terms = query_terms(query)
    if not terms:
        return Article.objects.none()
    matches, rank = Q(), Value(0)
    for term in terms:
        matches &= Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
        rank += Case(
            When(headline__icontains=term, then=Value(3)),
            When(dek__icontains=term, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return (
        public.filter(matches)
        .only(*RESULT_FIELDS, "body")
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
    )


def marked_extracts(stories: list[Article], query: str) -> None:
    """Give each story its ``extract`` as safe HTML: body text, matched words in ``<mark>``.

    ts_headline returns the body's text as stored (tags as spaces, entities kept): only ``MARK``
    and ``UNMARK`` stay HTML (the sanitised text never holds a bare ``<``); the rest is unescaped
    then escaped. On SQLite: the ``EXTRACT_WORDS`` words from a word containing a term that hold
    the most different terms, the earliest on a tie.
    """
    terms = query_terms(query)
    for story in stories:
        if connection.vendor == "postgresql":
            pieces = re.split(f"({re.escape(MARK)}|{re.escape(UNMARK)})", story.extract or "")
            html = "".join(
                piece if piece in (MARK, UNMARK) else escape(_text(_TAG.sub(" ", piece)))
                for piece in pieces
            )
        else:
            html = _contains_extract(_text(_TAG.sub(" ", story.body)), terms)
        story.extract = mark_safe(" ".join(html.split()))  # noqa: S308 (escaped above)


def _text(html: str) -> str:
    """Unescaped text, control characters (which the sanitiser keeps) turned into spaces."""
    return _CONTROL.sub(" ", unescape(html))


def _contains_extract(text: str, terms: list[str]) -> str:
    words, pattern = text.split(), "|".join(re.escape(term) for term in terms)

    def terms_in(start: int) -> int:
        window = " ".join(words[start : start + EXTRACT_WORDS])
        return len({match.lower() for match in re.findall(pattern, window, re.I)})

    last_start = max(0, len(words) - EXTRACT_WORDS)  # a short body is shown whole
    starts = (min(n, last_start) for n, word in enumerate(words) if re.search(pattern, word, re.I))
    first = max(starts, key=terms_in, default=0)
    window = " ".join(words[first : first + EXTRACT_WORDS])
    marked = re.compile(rf"\w*(?:{pattern})\w*", re.I)
    html, end = [], 0
    for match in marked.finditer(window):
        html += [escape(window[end : match.start()]), MARK, escape(match.group()), UNMARK]
        end = match.end()
    return "".join([*html, escape(window[end:])])


def search_people(query: str) -> tuple[list[Source], list[Organisation]]:
    """Public people and organisations named like the query's words of three letters or more.

    ``public()`` decides who may be shown, as everywhere. On PostgreSQL a name matches when its
    trigram word similarity to the words reaches ``pg_trgm.word_similarity_threshold`` (0.6),
    best first; on SQLite when it contains every word. Both queries always run: skipping them
    when no name matches would let timing tell that someone is known only as an identity.
    """
    words = [term for term in query_terms(query) if len(term) >= MIN_NAME_TERM]
    if not words:
        return [], []
    if connection.vendor != "postgresql":
        return (
            list(_containing(Source.objects.public(), words)[:NAMES_SHOWN]),
            list(_containing(Organisation.objects.public(), words)[:NAMES_SHOWN]),
        )
    values = {"text": " ".join(words), "now": timezone.now()}
    return (
        _PEOPLE.objects(router.db_for_read(Source), **values),
        _ORGANISATIONS.objects(router.db_for_read(Organisation), **values),
    )


def similar_names(public: QuerySet, text) -> QuerySet:
    """PostgreSQL: the most similar of ``public``'s names to ``text`` (a ``Parameter`` where
    compiled), best first. ``UPPER(name)``, as the trigram indexes of sources 0007 are; trigrams
    ignore case anyway."""
    name = Upper("name")
    similar = (
        public.model.objects.filter(TrigramWordSimilar(name, text))
        .alias(similarity=TrigramWordSimilarity(text, name))
        .order_by("-similarity", "name", "pk")
    )
    return (
        public.filter(pk__in=similar.values("pk")[:MOST_SIMILAR_NAMES])
        .annotate(similarity=TrigramWordSimilarity(text, name))
        .order_by("-similarity", "name", "pk")[:NAMES_SHOWN]
    )


def _containing(public: QuerySet, words: list[str]) -> QuerySet:
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word)
    return public.filter(condition)


# Compiled once per database and prepared on PostgreSQL (``newsroom.compiled``): the public rule
# the names are checked against takes Django longer to build, and PostgreSQL longer to plan,
# than PostgreSQL takes to run it.
_TEXT, _NOW = Parameter("text", models.TextField()), Parameter("now", models.DateTimeField())
_PEOPLE = CompiledQuery(
    lambda: similar_names(Source.objects.public(now=_NOW), _TEXT),
    fields=("id", "name", "slug", "honorific", "title"),
    prepared=True,
)
_ORGANISATIONS = CompiledQuery(
    lambda: similar_names(Organisation.objects.public(now=_NOW), _TEXT),
    fields=("id", "name", "slug"),
    prepared=True,
)
