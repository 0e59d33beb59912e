"""Page caching and conditional GET, versioned by one row in the database.

Cache keys and ETags carry ``PublicState.version``, read with one primary-key lookup per request,
never from process memory: when an editor publishes, corrects or unpublishes a story on any
server, the save bumps the row (signals in ``articles.apps``, in the same transaction), so every
worker sees a new version on its next request and a retracted story drops out of every cached
page at once. Stories that go live on schedule or when their embargo lifts change no row, so the
row also holds the next such time: the first request after it bumps the version, once.

A page whose own query can carry the version (``state_columns``, the story page) reads it
there: ``public_page(view, state_in_page=True)`` then checks the request's validators after the
view has read its rows and before its template is rendered. The page and its ETag come from one
statement, so from one snapshot, and the request pays no round trip for the version.

``NEWSROOM_PAGE_CACHE=off`` (read in settings) turns page caching off; conditional GET stays on
because it costs the same query and saves the whole render.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections, router
from django.db.models import Subquery
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import condition
from redis.exceptions import RedisError

from articles.models import PublicState
from newsroom.db_routers import reading_from_replica
from newsroom.expressions import JSONObject, ReadJSONField
from newsroom.reconnect import retry_if_dropped
from newsroom.site_url import page_cache_origin

STATE_PK = PublicState.objects.STATE_PK
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentState:
    last_modified: datetime | None
    version: str

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def state_columns() -> dict[str, Subquery]:
    """The content version's row as a column (one JSON object) for a page's own ``values()``
    query; hand the row to ``remember_state``. One subquery, not one per field: each costs
    PostgreSQL an index lookup of its own."""
    state = PublicState.objects.filter(pk=STATE_PK).values(
        item=JSONObject(
            version="version", changed_at="changed_at", next_boundary_at="next_boundary_at"
        )
    )
    return {"public_state": Subquery(state, output_field=ReadJSONField())}


def remember_state(request, row: dict) -> None:
    """``row`` carries ``state_columns()``: ``content_state(request)`` takes the version from it,
    unless the request already has one (the page cache's key was made with that one)."""
    state = row["public_state"]
    if request is not None and state is not None:
        request._newsroom_state_row = (
            state["version"],
            _as_datetime(state["changed_at"]),
            _as_datetime(state["next_boundary_at"]),
        )


def _as_datetime(value) -> datetime | None:
    """A timestamp as the driver returns it: PostgreSQL gives aware datetimes, SQLite UTC text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def content_state(request=None, *, now: datetime | None = None) -> ContentState:
    """The version of public content: one primary-key read, or none when the page's own query
    read it (``remember_state``); memoised on the request."""
    if request is not None and hasattr(request, "_newsroom_content_state"):
        return request._newsroom_content_state
    now = now or timezone.now()
    remembered = getattr(request, "_newsroom_state_row", None)
    if remembered is not None and (remembered[2] is None or now < remembered[2]):
        version, changed_at, _boundary = remembered
    else:
        # Usually the first query of a public request (see CONN_HEALTH_CHECKS in settings).
        connection = connections[router.db_for_read(PublicState)]
        state = retry_if_dropped(connection, lambda: PublicState.objects.current(now=now))
        version, changed_at = state.version, state.changed_at
    raw = f"{version}|{changed_at.isoformat()}"
    state = ContentState(
        last_modified=changed_at,
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


def page_cache_key(request) -> str:
    """The content version and the full path (query string included), so pagination and search
    results are cached apart and a new version leaves every older page behind; and the origin
    when absolute URLs come from the request's host (``newsroom.site_url``), so one host's
    links are never served on another."""
    address = page_cache_origin(request) + request.get_full_path()
    path = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{settings.NEWSROOM_RELEASE}:{content_state(request).version}:{path}"


LOCAL_PAGES = "local_pages"

# When the shared cache (Redis) fails, each worker leaves it alone for this long: pages come from
# the worker's own memory or are rendered, and no request waits on a dead server meanwhile.
SHARED_CACHE_RETRY_SECONDS = 30
CACHE_ERRORS = (RedisError, OSError)
_shared_cache_down_until = 0.0


def _page_stores() -> list:
    """Where rendered pages are kept, nearest first: the worker's own memory in front of a shared
    cache (Redis) when there is one, else the default cache alone; the shared cache is left out
    while it is down.

    A process-local copy can never be stale: keys carry the content version and never change
    meaning, so a new version simply misses everywhere. It saves a network round trip and
    Redis's share of the work on every hit (a cached story went from 52% to the local cache's
    figure of the bare view's throughput).
    """
    stores = [caches[LOCAL_PAGES]] if LOCAL_PAGES in settings.CACHES else []
    if time.monotonic() >= _shared_cache_down_until:
        stores.append(cache)
    return stores


def _page_cache_call(operation, *args):
    """A page-cache read or write; a cache that fails is a miss (the page is rendered, or simply
    not kept), and the shared cache is skipped for SHARED_CACHE_RETRY_SECONDS."""
    global _shared_cache_down_until  # noqa: PLW0603 (one flag per worker, on purpose)
    try:
        return operation(*args)
    except CACHE_ERRORS as error:
        if time.monotonic() >= _shared_cache_down_until:
            logger.warning(
                "Page cache unreachable (%s); serving pages without it for %d s.",
                error,
                SHARED_CACHE_RETRY_SECONDS,
            )
        _shared_cache_down_until = time.monotonic() + SHARED_CACHE_RETRY_SECONDS
        return None


def cached_page(key: str):
    stores = _page_stores()
    for depth, store in enumerate(stores):
        response = _page_cache_call(store.get, key)
        if response is not None:
            for nearer in stores[:depth]:
                _page_cache_call(nearer.set, key, response, settings.NEWSROOM_PAGE_CACHE_SECONDS)
            return response
    return None


def store_page(key: str, response) -> None:
    for store in _page_stores():
        _page_cache_call(store.set, key, response, settings.NEWSROOM_PAGE_CACHE_SECONDS)


def finish_public_response(request, response):
    """Validators and cache headers, the same for a page just rendered and one from the cache."""
    if response.status_code == 200:
        # Feeds and sitemaps set their own Last-Modified from their items; ours is the one the
        # If-Modified-Since check compares with, so it must be the one clients see.
        last_modified = content_state(request).last_modified
        if last_modified is not None:
            response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        response.headers.setdefault("ETag", content_state(request).etag)
    # Shared caches must revalidate: a retraction has to reach readers at once.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def public_page(view, *, state_in_page: bool = False):
    """Conditional GET plus a versioned page cache for a public, per-URL, anonymous page.

    Only successful GET/HEAD responses without cookies are stored. ``PageCacheMiddleware``
    answers most hits before the rest of the middleware runs; the hits it leaves (requests
    with a session) are answered here.

    With ``state_in_page``, the view reads the content version in its own query
    (``remember_state``) and returns a response still to be rendered: the validators are
    checked once it returns, so a 304 costs the page's query but never its template.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not page_cache_enabled():
            response = view(request, *args, **kwargs)
        else:
            key = page_cache_key(request)
            response = cached_page(key)
            if response is None:
                response = view(request, *args, **kwargs)
                # Never store a response that sets a cookie: it would be replayed to everyone.
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                    store_page(key, response)
        return finish_public_response(request, response)

    if state_in_page:
        conditional_view = _validated_after(cached_view)
    else:
        conditional_view = condition(etag_func=_etag, last_modified_func=_last_modified)(
            cached_view
        )
    conditional_view.is_public_page = True  # what PageCacheMiddleware may answer for
    return conditional_view


def _validated_after(view):
    """``condition()``'s check of a GET's validators, made on the view's response."""

    @wraps(view)
    def validated_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        return not_modified_or(request, response)

    return validated_view


def not_modified_or(request, response):
    """A 304 when the request's validators match the content version, else ``response``; a 304
    copies its validators and cache headers from ``response``, a finished public page."""
    state = content_state(request)
    return get_conditional_response(
        request,
        etag=state.etag,
        last_modified=int(state.last_modified.timestamp()) if state.last_modified else None,
        response=response,
    )


class PageCacheMiddleware:
    """Answer an anonymous reader from the page cache before sessions, authentication, CSRF,
    the second factor and the view run: a hit costs a URL match, one primary-key read of the
    content version and one cache read.

    Only pages ``public_page`` stored can be found, so this decides nothing about what is
    public. Requests carrying a session cookie go the long way (staff see private headers).
    Place it after the middleware that add response headers (security, cache control, CSP,
    frame options): they still process a hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not page_cache_enabled()
        ):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "is_public_page", False):
            return self.get_response(request)
        # The version is read where the page's content would be: on the replica, if there is one.
        with reading_from_replica():
            response = cached_page(page_cache_key(request))
        if response is None:
            return self.get_response(request)
        request.resolver_match = match  # for the surrogate keys
        return not_modified_or(request, finish_public_response(request, response))


_navigation: dict[str, list[dict]] = {}  # content version -> the header's section links


def navigation_sections(request=None) -> list[dict]:
    """The sections in the site header as ``{"name", "url"}``, read once per content version in
    each worker: no page pays a query, a cache round trip or a URL lookup for them.

    Sections are public content, so saving or deleting one moves the version (signals in
    ``articles.apps``): a worker's copy is never stale, as with the page cache's local copies.
    """
    from articles.models import Section  # noqa: PLC0415

    version = content_state(request).version
    links = _navigation.get(version)
    if links is None:
        links = [
            {"name": section.name, "url": section.get_absolute_url()}
            for section in Section.objects.all()
        ]
        _navigation.clear()  # only the newest version is ever asked for again
        _navigation[version] = links
    return links
