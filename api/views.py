"""The syndication API: stories as IPTC ninjs 2.2 and quotes with their speakers, read-only JSON.

Plain Django views, not Django REST framework or django-ninja: three read-only GET endpoints
whose output is fixed by the ninjs schema, not by models, need neither serializers, viewsets,
authentication classes nor an OpenAPI generator, and plain views keep the site's own machinery
unchanged: ``public_page`` (page cache, ETag, Last-Modified, 304), the publication rule
(``Article.objects.published()``) and ``SPEAKER_FIELDS``. The price is no generated OpenAPI
description; docs/api.md documents the endpoints instead. Rate limiting and CORS are in
``api.middleware``, in front of the page cache.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from functools import wraps

from django.db.models import Exists, OuterRef, Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date

from api import ninjs
from api.pagination import BadRequest, Ordering, keyset_page, read_limit
from articles.models import Article, TaggedArticle
from newsroom.site_url import absolute_url
from sources.models import Mention, Organisation, Quote, Source

SAFE_METHODS = ("GET", "HEAD")
SLUG = re.compile(r"[-\w]{1,200}")
STORY_ORDER = Ordering((("published_at", True), ("pk", True)))
# Quotes, the newest stories' first, each story's in reading order. By the story's own publish
# time: PostgreSQL then reads the newest public stories from their index and each one's quotes
# from theirs, and stops at the page's end; ordered by the quote's copy of that time, which has
# no index of its own, it would sort every public quote in the archive for each page.
QUOTE_ORDER = Ordering(
    (
        ("article__published_at", True),
        ("article_id", True),
        ("paragraph", False),
        ("position", False),
    )
)
# One speaker's quotes, in the same order by the quote's copy of the time, which leads the
# (speaker, time) indexes: they are read newest first instead of all being sorted.
SPEAKER_QUOTE_ORDER = Ordering(
    (("story_published_at", True), ("article_id", True), ("paragraph", False), ("position", False))
)


def json_response(data: dict, *, status: int = 200, **headers) -> JsonResponse:
    """UTF-8 JSON: names and quotes as they are written, not as ``\\u`` escapes."""
    return JsonResponse(
        data, status=status, headers=headers, json_dumps_params={"ensure_ascii": False}
    )


def error(status: int, message: str, **headers) -> JsonResponse:
    return json_response({"error": message, "status": status}, status=status, **headers)


def not_found(request, *args, **kwargs) -> JsonResponse:
    return error(
        404,
        "No such address: the API serves /api/v1/stories/, /api/v1/stories/<id>/ and "
        "/api/v1/quotes/.",
    )


def api_endpoint(view):
    """GET and HEAD only, and a 400 with the reason for a query string the view cannot use."""

    @wraps(view)
    def endpoint(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return error(405, "The API is read-only: use GET.", Allow="GET, HEAD")
        try:
            return view(request, *args, **kwargs)
        except BadRequest as problem:
            return error(400, str(problem))

    return endpoint


class Query:
    """A list's query string, checked: an unknown parameter or a malformed value is refused
    with a message saying which and why, rather than silently ignored."""

    def __init__(self, request, allowed: tuple[str, ...]):
        unknown = sorted(set(request.GET) - {*allowed, "cursor", "limit"})
        if unknown:
            raise BadRequest(
                f"Unknown parameter `{unknown[0]}`; this list takes "
                + ", ".join(f"`{name}`" for name in (*allowed, "cursor", "limit"))
                + "."
            )
        self.params = request.GET
        self.limit = read_limit(request.GET.get("limit"))
        self.cursor = request.GET.get("cursor")

    def slug(self, name: str) -> str | None:
        value = self.params.get(name)
        if value is not None and not SLUG.fullmatch(value):
            raise BadRequest(f"`{name}` must be a slug, such as `huma-baqai`.")
        return value

    def integer(self, name: str) -> int | None:
        value = self.params.get(name)
        if value is not None and not value.isdigit():
            raise BadRequest(f"`{name}` must be a story id, a whole number such as `12`.")
        return None if value is None else int(value)

    def moment(self, name: str) -> datetime | None:
        """An RFC 3339 time, or a date (its start in the newsroom's time zone)."""
        value = self.params.get(name)
        if value is None:
            return None
        try:
            day = parse_date(value)
            moment = datetime.combine(day, time()) if day else datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None:
            raise BadRequest(
                f"`{name}` must be a date or an RFC 3339 time, such as `2016-12-26` or "
                "`2016-12-26T09:00:00+05:00`."
            )
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def envelope(request, items: list, next_cursor: str | None) -> JsonResponse:
    """``{"items": [...], "next": URL or null}``: ``next`` is this address with the cursor of
    the page after this one."""
    next_url = None
    if next_cursor is not None:
        params = request.GET.copy()
        params["cursor"] = next_cursor
        next_url = absolute_url(request, f"{request.path}?{params.urlencode()}")
    return json_response({"items": items, "next": next_url})


def _with_topic(slug: str, story: str = "pk") -> Exists:
    return Exists(TaggedArticle.objects.filter(content_object=OuterRef(story), tag__slug=slug))


def syndicated_stories(query: Query | None = None, *, now: datetime):
    """Public stories, and retracted ones (to be listed as canceled), filtered by ``query``.

    Who is quoted or named only selects public stories: a retracted story's people are no
    longer published, so a filter must not tie them to it either.
    """
    public = Article.objects.published(now=now)
    retracted = Article.objects.retracted()
    if query is None:
        return public | retracted
    story = Q()
    if topic := query.slug("topic"):
        story &= _with_topic(topic)
    if section := query.slug("section"):
        story &= Q(section__slug=section)
    if since := query.moment("since"):
        story &= Q(published_at__gte=since)
    if until := query.moment("until"):
        story &= Q(published_at__lt=until)
    named = Q()
    if person := query.slug("person"):
        named &= Exists(Quote.objects.filter(article=OuterRef("pk"), source__slug=person)) | Exists(
            Mention.objects.filter(article=OuterRef("pk"), source__slug=person)
        )
    if organisation := query.slug("organisation"):
        named &= Exists(
            Quote.objects.filter(article=OuterRef("pk"), organisation__slug=organisation)
        ) | Exists(Mention.objects.filter(article=OuterRef("pk"), organisation__slug=organisation))
    if named:
        return public.filter(story & named)
    return public.filter(story) | retracted.filter(story)


def said_by(slug: str) -> Q:
    """Quotes of the person or the institution ``slug`` names, by their ids (read first): an
    OR across the two relations would keep PostgreSQL from each one's index."""
    people = list(Source.objects.filter(slug=slug).values_list("pk", flat=True))
    institutions = list(Organisation.objects.filter(slug=slug).values_list("pk", flat=True))
    if people and institutions:
        return Q(source__in=people) | Q(organisation__in=institutions)
    if people:
        return Q(source__in=people)
    return Q(organisation__in=institutions)


@api_endpoint
def story_list(request):
    """Public stories, newest first, as ninjs items; retracted ones as canceled."""
    now = timezone.now()
    query = Query(request, ("topic", "section", "person", "organisation", "since", "until"))
    stories = ninjs.for_syndication(syndicated_stories(query, now=now), now=now)
    page = keyset_page(
        stories,
        STORY_ORDER,
        cursor=query.cursor,
        limit=query.limit,
        values=lambda story: [story.published_at, story.pk],
    )
    return envelope(
        request, ninjs.story_items(page.rows, ninjs.Addresses(request)), page.next_cursor
    )


@api_endpoint
def story_detail(request, pk: int):
    """One story as a ninjs item, or a canceled item if it was retracted."""
    now = timezone.now()
    story = ninjs.for_syndication(syndicated_stories(now=now), now=now).filter(pk=pk).first()
    if story is None:
        return error(404, f"No public or retracted story has the id {pk}.")
    return json_response(ninjs.story_items([story], ninjs.Addresses(request))[0])


@api_endpoint
def quote_list(request):
    """Quotes in public stories, the newest stories' first, each in story order."""
    now = timezone.now()
    query = Query(request, ("speaker", "story", "topic", "since"))
    quotes = Quote.objects.public(now=now)
    order = QUOTE_ORDER
    if speaker := query.slug("speaker"):
        quotes = quotes.filter(said_by(speaker))
        order = SPEAKER_QUOTE_ORDER
    if (story := query.integer("story")) is not None:
        quotes = quotes.filter(article_id=story)
    if topic := query.slug("topic"):
        quotes = quotes.filter(_with_topic(topic, story="article_id"))
    if since := query.moment("since"):
        quotes = quotes.filter(article__published_at__gte=since)
    page = keyset_page(
        ninjs.quote_rows(quotes),
        order,
        cursor=query.cursor,
        limit=query.limit,
        values=lambda row: [
            row["story_published"],
            row["article_id"],
            row["paragraph"],
            row["position"],
        ],
    )
    link = ninjs.Addresses(request)
    items = [ninjs.quote_item(row, link) for row in page.rows]
    return envelope(request, items, page.next_cursor)
