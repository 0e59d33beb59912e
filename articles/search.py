"""Reader search: full text on PostgreSQL, a ranked ``icontains`` fallback on SQLite.

Both start from ``Article.objects.published()``. Input is cleaned first (control characters
and NUL bytes removed, length capped) so no query, however hostile, reaches the database in a
form it rejects; ``icontains`` escapes ``%``, ``_`` and ``\\`` itself and ``websearch`` syntax
never raises on malformed input.

A results page costs, on PostgreSQL, one query for the stories (``search_articles``: the newest
``MAX_RANKED`` matches, ranked, the page's columns only), one for the words to mark in their
extracts (``snippets_for``) and one each for people and organisations (``search_people``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from datetime import datetime
from html import unescape

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Section
from newsroom.prepared import CONTAINS, PreparedQuery
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
    """A condition for ``Article.objects.filter()``: the story is one of the newest ``limit``
    public stories matching ``search_query``.

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

    The parts keep each match's row address (``ctid``), valid for the statement, so the stories
    are then read straight from the table (a TID scan) rather than looked up again by primary key
    (1.3 ms for 300). Every part starts from ``published()``; its SQL is wrapped, not rewritten.
    """
    now = now or timezone.now()
    public = Article.objects.published(now=now)
    window = RECENT_WINDOW * limit
    start = public.order_by("-published_at", "-pk").values("published_at")[window - 1 : window]
    matches = (
        public.filter(search_vector=search_query)
        .annotate(tid=RawSQL('"articles_article".ctid', (), output_field=TextField()))
        .values("pk", "published_at", "tid")
        .order_by()
    )
    start_sql, start_params = start.query.sql_with_params()
    matches_sql, matches_params = matches.query.sql_with_params()
    found = "(SELECT count(*) FROM recent)"
    found_before = "(SELECT count(*) FROM recent) + (SELECT count(*) FROM earlier)"
    newest_first = "ORDER BY matches.published_at DESC, matches.pk DESC"
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
            f"recent AS MATERIALIZED (SELECT matches.tid FROM ({matches_sql}) AS matches "  # noqa: S608
            f"WHERE matches.published_at >= (SELECT recent FROM bounds) {newest_first} LIMIT %s), ",
            (*matches_params, limit),
        ),
        (
            "earlier_matches AS MATERIALIZED (SELECT matches.* "  # noqa: S608
            f"FROM ({matches_sql}) AS matches "
            "WHERE matches.published_at < (SELECT recent FROM bounds) "
            "AND matches.published_at >= (SELECT earlier FROM bounds) "
            f"AND {found} BETWEEN %s AND %s - 1 {newest_first} LIMIT %s), ",
            (*matches_params, limit // 5, limit, limit),
        ),
        (
            "earlier AS MATERIALIZED (SELECT matches.tid FROM earlier_matches AS matches "  # noqa: S608
            f"{newest_first} LIMIT %s - {found}), ",
            (limit,),
        ),
        (f"everything AS MATERIALIZED ({matches_sql}), ", matches_params),  # noqa: S608
        (
            "older AS MATERIALIZED (SELECT matches.tid FROM everything AS matches "  # noqa: S608
            "WHERE matches.published_at < "
            f"(SELECT CASE WHEN {found} >= %s THEN earlier ELSE recent END FROM bounds) "
            f"AND {found_before} < %s {newest_first} LIMIT %s - ({found_before})) ",
            (limit // 5, limit, limit),
        ),
        (
            "SELECT tid FROM recent UNION ALL SELECT tid FROM earlier UNION ALL SELECT tid FROM older",
            (),
        ),
    ]
    sql = "".join(part for part, _ in parts)
    params = tuple(param for _, part_params in parts for param in part_params)
    return RawSQL(  # noqa: S611 (the ORM's SQL, with its parameters kept apart)
        f'"articles_article".ctid = ANY(ARRAY({sql}))', params, output_field=BooleanField()
    )


# What the results list shows (headline, dek, section, date and link) and the body for the
# extract; not the other columns (bylines, credit, retraction note, workflow fields).
RESULT_FIELDS = ("headline", "slug", "dek", "body", "published_at", "section")


def search_articles(query: str):
    """Public stories matching ``query``, best first: a sequence to slice, a page at a time.

    On PostgreSQL, ``RankedStories``: the GIN index on the stored ``search_vector`` (migration
    0010) finds matches and only the newest ``MAX_RANKED`` are ranked. On SQLite, a queryset
    ranking ``icontains`` matches. Extracts are made by ``snippets_for`` for the page shown.
    """
    if not query:
        return Article.objects.none()
    if connection.vendor == "postgresql":
        return RankedStories(query)
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
    return (
        Article.objects.published()
        .select_related("section")
        .only(*RESULT_FIELDS, "section__name")
        .filter(matches)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
    )


class RankedStories:
    """The public stories matching ``query`` on PostgreSQL, best first; each slice is one query.

    Each story has its ``rank``, the query's ``search_lexemes`` (for ``snippets_for``) and its
    section (its id and name only). The SQL is ``_ranked()``'s, compiled once per process: the
    ORM took about 4 ms a request to build and compile it and to load the rows.
    """

    def __init__(self, query: str):
        self.query = query
        self.now = timezone.now()

    def __getitem__(self, page: slice) -> list[Article]:
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("RankedStories can only be sliced, e.g. [20:41]")
        offset = page.start or 0
        limit = None if page.stop is None else max(0, page.stop - offset)
        stories = _ranked_query(MAX_RANKED, RECENT_WINDOW, EARLIER_WINDOWS).instances(
            now=self.now,
            text=self.query,
            words=" ".join(positive_words(self.query)),
            limit=limit,
            offset=offset,
        )
        sections = {}
        for story in stories:
            if story.section_id is not None:
                if story.section_id not in sections:
                    sections[story.section_id] = Section.from_db(
                        story._state.db, ["id", "name"], [story.section_id, story.section_name]
                    )
                story.section = sections[story.section_id]
        return stories

    def __iter__(self):
        return iter(self[:])


def _ranked(search_text: str, lexeme_text: str, *, now) -> QuerySet[Article]:
    from django.contrib.postgres.search import SearchRank  # noqa: PLC0415

    search_query = search_query_for(search_text)
    return (
        Article.objects.published(now=now)
        .only(*RESULT_FIELDS)
        .filter(newest_matches(search_query, MAX_RANKED, now=now))
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            search_lexemes=lexemes_sql(lexeme_text),
            section_name=F("section__name"),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


@functools.cache
def _ranked_query(max_ranked: int, recent_window: int, earlier_windows: int) -> PreparedQuery:
    """``_ranked()`` compiled once per process (the settings, which tests change, are the
    key). Not prepared on the server: the best plan depends on how common the words are."""
    return PreparedQuery(
        lambda now, text, words: _ranked(text, words, now=now),
        now=datetime,
        text=str,
        words=str,
        server_side=False,
        paged=True,
    )


# Names are matched on words of at least this many characters: a shorter one has no trigram for
# the name indexes, so it matched nearly every name and checked each against public stories
# (0.5 s for "a" at 33,000 people).
MIN_NAME_TERM = 3


def search_people(query: str, limit: int = 10):
    """Public people and organisations whose names contain every term of three or more letters.

    ``Source.objects.public()`` and ``Organisation.objects.public()`` decide who may be shown, as
    everywhere; their SQL is compiled once per process and number of terms (``_named``) and
    prepared on PostgreSQL, since building and planning the ORM queries with their ``EXISTS``
    over quotes and mentions cost more (5 ms a request) than running them. Both always run:
    skipping them when no name at all matches would let a response's timing tell whether someone
    is recorded only as a confidential identity.
    """
    terms = [term.lstrip("-") for term in query_terms(query)]
    terms = [term for term in terms if len(term) >= MIN_NAME_TERM]
    if not terms:
        return [], []
    now = timezone.now()
    return _named(Source, terms, limit, now), _named(Organisation, terms, limit, now)


def _named(model, terms: list[str], limit: int, now) -> list:
    """``model.objects.public(now=now)`` whose names contain every term, the first ``limit``."""
    words = {f"term{index}": term for index, term in enumerate(terms)}
    return _named_query(model, len(terms), limit).instances(now=now, **words)


def _public_named(model, terms: list[str], now) -> QuerySet:
    condition = Q()
    for term in terms:
        condition &= Q(name__icontains=term)
    return model.objects.public(now=now).filter(condition)


@functools.cache
def _named_query(model, terms: int, limit: int) -> PreparedQuery:
    """``_public_named()`` compiled once per process and number of terms. Prepared on the
    server too: with words of three letters or more a name's trigram index is the plan for
    every word, so a plan made without seeing the words is the same plan."""
    return PreparedQuery(
        lambda now, **words: _public_named(model, list(words.values()), now)[:limit],
        now=datetime,
        **{f"term{index}": CONTAINS for index in range(terms)},
    )


# Extracts ---------------------------------------------------------------------------------------

# A tag of the sanitised body (nh3 escapes "<" and ">" in attribute values).
_TAG = re.compile(r"<[^>]*>")
# Other white space, and the highlight sentinels, become spaces.
_SPACES = str.maketrans(dict.fromkeys("\t\n\r\f\v\xa0" + START + STOP, " "))
_WORD = re.compile(r"\w+")
# Words shown before the first highlighted one.
SNIPPET_LEAD = 8


def positive_words(query: str) -> list[str]:
    """The words of ``query`` a story should contain: not those of ``-excluded`` terms."""
    return [
        word.lower()
        for term in query_terms(query)
        if not term.startswith("-")
        for word in _WORD.findall(term)
    ]


def lexemes_sql(words: str) -> RawSQL:
    """``words`` as the search configuration stores them, e.g. ``talks`` as ``talk``."""
    return RawSQL(
        "tsvector_to_array(to_tsvector(%s::regconfig, %s))",
        (SEARCH_CONFIG, words),
        output_field=ArrayField(TextField()),
    )


def snippets_for(articles, query: str) -> list[SafeString]:
    """For each story, a short plain-text extract of its body with matched words in ``<mark>``.

    The extract is the window of ``SNIPPET_WORDS`` words holding the most different query words
    (the earliest on a tie), or the body's start. On PostgreSQL a word is marked when the search
    configuration turns it into one of the query's lexemes, as full-text search matched it
    ("talks" for "talk"); the body's words that could be one (those beginning like a lexeme) are
    checked in one query for the page. On SQLite a word is marked when it contains a term, as
    ``icontains`` matched it. Made in Python from the body: ``ts_headline`` parsed each shown
    body whole, 15 ms a page at 21 stories. Always escaped.
    """
    texts = [_plain_text(article.body) for article in articles]
    if connection.vendor != "postgresql":
        needles = {word.lstrip("-").lower() for word in query_terms(query)}
        found = [_find(text, needles, whole_word=False) for text in texts]
    elif texts:
        lexemes = getattr(articles[0], "search_lexemes", None)
        found = _lexeme_matches(texts, query, lexemes)
    else:
        found = []
    return [_render(text, matches) for text, matches in zip(texts, found, strict=True)]


def _plain_text(html: str) -> str:
    """The body's text, separated by spaces only (not collapsed: the extract is); no sentinel
    comes from it."""
    text = _TAG.sub(" ", html or "")
    if "&" in text:
        text = unescape(text)
    return text.translate(_SPACES).strip()


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


def _find(text: str, needles, *, whole_word: bool) -> list[tuple[int, int, str]]:
    """(start, end, needle) of each word of ``text`` containing a needle, in order and not
    overlapping; with ``whole_word``, only of words beginning with one. Case-insensitive."""
    lowered = text.lower()
    found = {}
    if len(lowered) != len(text):  # lower-casing moved the offsets (e.g. "İ"): a regex
        for needle in needles:
            pattern = (r"\b" if whole_word else r"\w*") + re.escape(needle) + r"\w*"
            for match in re.finditer(pattern, text, re.IGNORECASE):
                found.setdefault(match.start(), (match.start(), match.end(), needle))
        needles = ()
    for needle in needles:
        if not needle:
            continue
        position = lowered.find(needle)
        while position != -1:
            start = position
            if whole_word and start and _is_word_character(lowered[start - 1]):
                position = lowered.find(needle, position + 1)
                continue
            while start and _is_word_character(lowered[start - 1]):
                start -= 1
            end = position + len(needle)
            if end < len(lowered) and _is_word_character(lowered[end]):
                end = _WORD.match(lowered, end).end()
            found.setdefault(start, (start, end, needle))
            position = lowered.find(needle, end)
    words, end = [], 0
    for match in sorted(found.values()):
        if match[0] >= end:
            words.append(match)
            end = match[1]
    return words


def _lexeme_matches(texts: list[str], query: str, lexemes) -> list[list[tuple[int, int, str]]]:
    """The words of each text that the search configuration turns into a query lexeme."""
    if lexemes is None:
        lexemes_query = lexemes_sql(" ".join(positive_words(query)))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {lexemes_query.sql}", lexemes_query.params)
            (lexemes,) = cursor.fetchone()
    # A word and the lexeme it becomes differ in their last letters only ("studies", "study",
    # "studi"): the words beginning like a lexeme less its last letter are the candidates.
    prefixes = {lexeme[:-1] or lexeme for lexeme in lexemes}
    occurrences = [_find(text, prefixes, whole_word=True) for text in texts]
    candidates = sorted(
        {
            text[start:end].lower()
            for text, found in zip(texts, occurrences, strict=True)
            for start, end, _ in found
        }
    )
    matched = {}
    if candidates:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT candidate, lexeme FROM unnest(%s::text[]) AS candidate, "
                "unnest(tsvector_to_array(to_tsvector(%s::regconfig, candidate))) AS lexeme "
                "WHERE lexeme = ANY(%s::text[])",
                [candidates, SEARCH_CONFIG, list(lexemes)],
            )
            matched = dict(cursor.fetchall())
    return [
        [
            (start, end, lexeme)
            for start, end, _ in found
            if (lexeme := matched.get(text[start:end].lower()))
        ]
        for text, found in zip(texts, occurrences, strict=True)
    ]


def _render(text: str, matches: list[tuple[int, int, str]]) -> SafeString:
    """The best window of ``text`` for ``matches`` (start, end, key), escaped and marked.

    Words are counted as the text's spaces separate them, so a run of spaces (between
    paragraphs) counts as empty words: an extract there is a word or two shorter.
    """
    first, shown = 0, []
    if matches:
        # Word index of each match, counted incrementally.
        indexes, count, previous = [], 0, 0
        for start, _, _ in matches:
            count += text.count(" ", previous, start)
            previous = start
            indexes.append(count)
        best = None
        for index in indexes:
            window_start = max(0, index - SNIPPET_LEAD)
            low = bisect_left(indexes, window_start)
            high = bisect_left(indexes, window_start + SNIPPET_WORDS)
            score = (len({matches[i][2] for i in range(low, high)}), high - low)
            if best is None or score > best[0]:
                best = (score, window_start, low, high)
        _, first, low, high = best
        shown = matches[low:high]
    # The window's characters: back from its first match to the start of word ``first``, then
    # on to the end of its last word.
    begin = 0
    if shown:
        begin = shown[0][0]
        for _ in range(indexes[low] - first + 1):
            begin = text.rfind(" ", 0, begin)
            if begin == -1:
                break
        begin += 1
    end = _nth(text, " ", SNIPPET_WORDS, begin)
    end = len(text) if end == -1 else end
    pieces, cursor = [], begin
    for start, stop, _ in shown:
        pieces += [text[cursor:start], START, text[start:stop], STOP]
        cursor = stop
    pieces.append(text[cursor:end])
    snippet = " ".join("".join(pieces).split())
    if begin:
        snippet = "… " + snippet
    if end < len(text):
        snippet += " …"
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _nth(text: str, character: str, n: int, start: int = 0) -> int:
    """The offset of the ``n``-th ``character`` in ``text`` from ``start``, or -1."""
    position = start - 1
    for _ in range(n):
        position = text.find(character, position + 1)
        if position == -1:
            break
    return position
