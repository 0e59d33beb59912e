"""Conditional GET and the page cache for public pages, versioned by one row in the database.

Cache keys and ETags carry ``PublicState``'s version, read with one primary-key lookup per
request, never from process memory: every change readers may see bumps the row in the change's
own transaction (``newsroom.signals.public_content_changed``), so every worker sees a new version
on its next request and a retracted story drops out of every cached page at once. Stories that
go live on schedule or when their embargo lifts change no row, so the row also holds the next
such time: the first request after it bumps the version, once.

``public_page(view)`` answers conditional GETs for a public page and marks it for
``PageCacheMiddleware``, the one place pages are kept and served from; ``Cache-Control`` is
decided in ``newsroom.middleware``: by ``PublicCacheControlMiddleware`` for every response made
below the page cache, and with its ``never_shared()`` by the API's own answers made above it
(``api.middleware``). ``NEWSROOM_PAGE_CACHE=off``
turns the page cache off; conditional GET stays on because it costs the same query and saves
the whole render.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from redis.exceptions import RedisError

from newsroom.db_routers import reading_from_replica
from newsroom.middleware import may_be_signed_in
from newsroom.reconnect import retry_if_dropped
from newsroom.site_url import page_cache_origin

logger = logging.getLogger(__name__)

# The model whose single row holds the version, named by label as a foreign key names its model:
# the page cache is the site's, the row is kept by the app whose writes move it.
CONTENT_VERSION_MODEL = "articles.PublicState"


@dataclass(frozen=True)
class ContentState:
    last_modified: datetime
    version: str

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def content_state(request=None, *, now: datetime | None = None, read=None) -> ContentState:
    """The version of public content: one primary-key read, memoised on the request. ``read``:
    the version's row as the page read it in its own statement (``PublicState.objects.row()``),
    for a view that ``public_page`` lets read it."""
    if request is not None and hasattr(request, "_newsroom_content_state"):
        return request._newsroom_content_state
    now = now or timezone.now()
    version_model = apps.get_model(CONTENT_VERSION_MODEL)
    if read is not None:
        row = version_model.objects.current(now=now, read=read)
    else:
        # Usually the first query of a public request (see CONN_HEALTH_CHECKS in settings).
        connection = connections[router.db_for_read(version_model)]
        row = retry_if_dropped(connection, lambda: version_model.objects.current(now=now))
    raw = f"{row.version}|{row.changed_at.isoformat()}"
    state = ContentState(
        last_modified=row.changed_at, version=hashlib.sha256(raw.encode()).hexdigest()[:20]
    )
    if request is not None:
        request._newsroom_content_state = state
    return state


def public_page(view, *, reads_version: bool = False):
    """A public, per-URL page: validators from the content version, a 304 when the request's
    match them, and a mark that lets ``PageCacheMiddleware`` keep it.

    The version is read before the view reads the content, so a page is never older than its
    ETag; or, with ``reads_version``, by the view in the statement that reads its content
    (``content_state(request, read=...)``), unless the page cache read it first. The
    validators are checked once the view has answered, so a missing page stays a 404, and
    before a template response is rendered, so a 304 never renders one.
    """

    @wraps(view)
    def public_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if not reads_version:
            content_state(request)
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if not hasattr(request, "_newsroom_content_state"):
            # Read now, the version could be newer than the page: a client would keep the
            # old page under the new ETag.
            name = getattr(view, "view_class", view).__name__
            raise ImproperlyConfigured(f"{name} answered without reading the content version.")
        state = content_state(request)
        # Feeds and sitemaps set their own Last-Modified from their items; ours is the one the
        # If-Modified-Since check compares with, so it must be the one clients see.
        response.headers["Last-Modified"] = http_date(state.last_modified.timestamp())
        response.headers["ETag"] = state.etag
        return not_modified_or(request, response)

    public_view.is_public_page = True
    return public_view


def not_modified_or(request, response):
    """A 304 when the request's validators match the content version, else ``response``; a 304
    copies from ``response`` its validators and cache headers, and its surrogate keys, which
    tell a CDN which pages it revalidated."""
    state = content_state(request)
    answer = get_conditional_response(
        request,
        etag=state.etag,
        last_modified=int(state.last_modified.timestamp()),
        response=response,
    )
    keys = response.get(settings.NEWSROOM_SURROGATE_KEY_HEADER)
    if answer.status_code == 304 and keys:
        answer.headers[settings.NEWSROOM_SURROGATE_KEY_HEADER] = keys
    return answer


class PageStore:
    """Where rendered pages (and the header's sections) are kept, nearest first: the worker's
    own memory in front of a shared cache (Redis) when there is one, else the default cache.

    A process-local copy can never be stale: keys carry the content version and never change
    meaning, so a new version simply misses everywhere. When the shared cache fails, the worker
    leaves it alone for ``RETRY_SECONDS``: pages come from its own memory or are rendered, and
    no request waits on a dead server meanwhile.
    """

    LOCAL = "local_pages"
    RETRY_SECONDS = 30
    ERRORS = (RedisError, OSError)

    def __init__(self):
        self.shared_down_until = 0.0

    def get(self, key: str):
        stores = self._stores()
        for depth, store in enumerate(stores):
            value = self._call(store.get, key)
            if value is not None:
                for nearer in stores[:depth]:
                    self._call(nearer.set, key, value, settings.NEWSROOM_PAGE_CACHE_SECONDS)
                return value
        return None

    def set(self, key: str, value) -> None:
        for store in self._stores():
            self._call(store.set, key, value, settings.NEWSROOM_PAGE_CACHE_SECONDS)

    def _stores(self) -> list:
        stores = [caches[self.LOCAL]] if self.LOCAL in settings.CACHES else []
        if time.monotonic() >= self.shared_down_until:
            stores.append(cache)
        return stores

    def _call(self, operation, *args):
        """A failed read is a miss and a failed write keeps nothing."""
        try:
            return operation(*args)
        except self.ERRORS as error:
            if time.monotonic() >= self.shared_down_until:
                logger.warning(
                    "Page cache unreachable (%s); serving pages without it for %d s.",
                    error,
                    self.RETRY_SECONDS,
                )
            self.shared_down_until = time.monotonic() + self.RETRY_SECONDS
            return None


pages = PageStore()


def page_cache_key(request) -> str:
    """The content version and the full path (query string included), so pagination and search
    results are cached apart and a new version leaves every older page behind; and the origin
    when absolute URLs come from the request's host (``newsroom.site_url``), so one host's
    links are never served on another."""
    address = page_cache_origin(request) + request.get_full_path()
    path = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{settings.NEWSROOM_RELEASE}:{content_state(request).version}:{path}"


class PageCacheMiddleware:
    """The page cache: answer an anonymous reader before sessions, authentication, CSRF,
    messages, the second factor and the view run, and keep what they produce on a miss.

    A hit costs one primary-key read of the content version and one cache read; a miss, the
    same read and the whole stack. Only views wrapped in ``public_page`` are kept, so this
    decides nothing about what is public. Requests carrying a session cookie go the long way
    every time (staff see private headers), and a response that sets a cookie is never kept: it
    would be replayed to everyone.

    A page is kept as it leaves the middleware below this one, with the cache headers,
    surrogate keys and security policies they gave it, which depend only on the page: a hit
    carries them without running them again. What depends on the request (the HTTPS redirect,
    HSTS, the API's rate limit and CORS) belongs above, and runs for a hit and a miss alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_be_kept(request):
            return self.get_response(request)
        # The version is read where the page's content would be: on the replica, if there is one.
        with reading_from_replica():
            key = page_cache_key(request)
            response = pages.get(key)
        if response is not None:
            return not_modified_or(request, response)
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            pages.set(key, response)
        return response

    @staticmethod
    def _may_be_kept(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not may_be_signed_in(request)
            and settings.NEWSROOM_PAGE_CACHE
            and is_public_page(request.path_info)
        )


# Paths each worker remembers the answer of ``is_public_page`` for: the busiest pages'. Paths
# come from the wire, so only the length of a real page's is remembered, never a client's
# arbitrary kilobytes.
PATHS_PER_WORKER = 20_000
LONGEST_REMEMBERED_PATH = 300


def is_public_page(path: str) -> bool:
    """Whether ``path`` is served by a view wrapped in ``public_page``, remembered per URL
    configuration: matching a path against every URL pattern on each hit was a large share of
    a hit's own work."""
    if len(path) > LONGEST_REMEMBERED_PATH:
        return _resolves_to_public_page.__wrapped__(settings.ROOT_URLCONF, path)
    return _resolves_to_public_page(settings.ROOT_URLCONF, path)


@lru_cache(maxsize=PATHS_PER_WORKER)
def _resolves_to_public_page(urlconf: str, path: str) -> bool:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)
