"""Page caching and conditional GET, versioned by the newest public change in the database.

Cache keys and ETags carry a version read from the database on every request (one aggregate
query), never from process memory or signals: when an editor publishes, corrects or unpublishes
a story on any server, every worker computes a new version on its next request, so a retracted
story drops out of every cached page at once. Stories that go live on schedule or when their
embargo lifts change the count of public stories, so the version moves with time too.

``NEWSROOM_PAGE_CACHE=off`` (read in settings) turns page and fragment caching off; conditional
GET stays on because it costs the same query and saves the whole render.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Func, Max, Q, Subquery
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import condition

from articles.querysets import live_q


@dataclass(frozen=True)
class ContentState:
    last_modified: datetime | None
    version: str

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def _newest(model, field: str) -> Subquery:
    return Subquery(model.objects.order_by(f"-{field}").values(field)[:1])


def _count(model) -> Subquery:
    # A plain COUNT(*) subquery; .values(n=Count()) would GROUP BY every column.
    return Subquery(model.objects.order_by().values(n=Func(F("pk"), function="COUNT")))


def content_state(request=None) -> ContentState:
    """The newest public change, in one query; memoised on the request."""
    if request is not None and hasattr(request, "_newsroom_content_state"):
        return request._newsroom_content_state
    from articles.models import Article, FrontPageItem  # noqa: PLC0415
    from sources.models import Source  # noqa: PLC0415

    now = timezone.now()
    live = live_q(now=now)
    corrections_live = live & Q(corrections__published_at__lte=now)
    row = Article.objects.aggregate(
        modified=Max("modified_at"),
        published=Max("published_at", filter=live),
        embargo=Max("embargo_until", filter=live),
        live=Count("pk", filter=live, distinct=True),
        corrected=Max("corrections__published_at", filter=corrections_live),
        corrections=Count("corrections", filter=corrections_live, distinct=True),
        front=Max(_newest(FrontPageItem, "updated_at")),
        front_count=Max(_count(FrontPageItem)),
        people=Max(_newest(Source, "updated_at")),
    )
    times = [
        value
        for key in ("modified", "published", "embargo", "corrected", "front", "people")
        if isinstance(value := row[key], datetime)
    ]
    raw = "|".join(f"{key}={row[key]}" for key in sorted(row))
    state = ContentState(
        last_modified=max(times) if times else None,
        version=hashlib.sha256(raw.encode()).hexdigest()[:20],
    )
    if request is not None:
        request._newsroom_content_state = state
    return state


def _etag(request, *args, **kwargs):
    return content_state(request).etag


def _last_modified(request, *args, **kwargs):
    return content_state(request).last_modified


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "NEWSROOM_PAGE_CACHE", True))


def fragment_cache_timeout() -> int:
    """For ``{% cache %}`` in templates: 0 stores nothing when caching is off."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS if page_cache_enabled() else 0


def public_page(view):
    """Conditional GET plus a versioned page cache for a public, per-URL, anonymous page.

    Only successful GET/HEAD responses are stored; the key holds the content version and the
    full path (query string included), so pagination and search results are cached apart.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not page_cache_enabled():
            response = view(request, *args, **kwargs)
        else:
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"page:{settings.NEWSROOM_RELEASE}:{content_state(request).version}:{path}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                # Never store a response that sets a cookie: it would be replayed to everyone.
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                    cache.set(key, response, settings.NEWSROOM_PAGE_CACHE_SECONDS)
        # Feeds and sitemaps set their own Last-Modified from their items; ours is the one the
        # If-Modified-Since check compares with, so it must be the one clients see.
        last_modified = content_state(request).last_modified
        if last_modified is not None and response.status_code == 200:
            response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        # Shared caches must revalidate: a retraction has to reach readers at once.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return condition(etag_func=_etag, last_modified_func=_last_modified)(cached_view)


NAVIGATION_KEY = "newsroom:navigation-sections"
NAVIGATION_SECONDS = 300


def navigation_sections() -> list:
    """The sections in the site header, kept in the shared cache so no page pays a query for them.

    Saving or deleting a section drops the entry (signals in ``articles.apps``); with local-memory
    caches other processes see the change within ``NAVIGATION_SECONDS``.
    """
    from articles.models import Section  # noqa: PLC0415

    return cache.get_or_set(NAVIGATION_KEY, lambda: list(Section.objects.all()), NAVIGATION_SECONDS)


def forget_navigation(**kwargs) -> None:
    cache.delete(NAVIGATION_KEY)
