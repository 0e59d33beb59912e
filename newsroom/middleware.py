"""Request-level performance policy: which database a request reads from, and HTTP caching."""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

from newsroom.db_routers import reading_from_replica

SAFE_METHODS = frozenset({"GET", "HEAD"})


def _admin_path(request) -> bool:
    return request.path_info.startswith("/admin/")


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _is_public_read(request) -> bool:
    """An anonymous reader fetching a public page: safe to serve stale by seconds."""
    if request.method not in SAFE_METHODS or _admin_path(request):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class ReplicaForPublicReadsMiddleware:
    """Public reads go to the replica; the admin, staff and every write stay on the primary.

    Place after AuthenticationMiddleware. The user is only loaded when the request carries a
    session cookie, and accounts are always read from the primary (see ``db_routers``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_public_read(request):
            with reading_from_replica():
                return self.get_response(request)
        return self.get_response(request)


class PublicCacheControlMiddleware:
    """``Cache-Control`` for CDNs and browsers on public pages; ``private`` for everyone else.

    Anonymous GET/HEAD responses outside the admin may be shared for ``NEWSROOM_CACHE_MAX_AGE``
    seconds (default 60) and served stale while the CDN revalidates; publishing purges them
    sooner by surrogate key (``newsroom.purge``). Responses marked private or ``no-cache`` by
    their view (the admin's ``never_cache``, for one) are left alone, and ``Vary: Cookie`` keeps
    a logged-in editor's page out of shared caches. Place it right after WhiteNoise so it sees
    the final response.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_age = int(os.environ.get("NEWSROOM_CACHE_MAX_AGE", "60"))

    def __call__(self, request):
        response = self.get_response(request)
        if _admin_path(request) or _marked_uncacheable(response):
            return response
        # A response that sets a cookie (a CSRF token, a session) must never be shared.
        shareable = response.status_code in CACHEABLE_STATUSES and not response.cookies
        if _is_public_read(request) and shareable:
            patch_cache_control(
                response,
                public=True,
                max_age=self.max_age,
                stale_while_revalidate=self.max_age * 10,
                stale_if_error=86400,
            )
        else:
            response.headers.pop(settings.NEWSROOM_SURROGATE_KEY_HEADER, None)
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    def process_template_response(self, request, response):
        keys = surrogate_keys(request, response.context_data or {})
        if keys:
            response.headers[settings.NEWSROOM_SURROGATE_KEY_HEADER] = " ".join(keys)
        return response


CACHEABLE_STATUSES = frozenset({200, 301, 404, 410})


def _marked_uncacheable(response) -> bool:
    value = response.get("Cache-Control", "").lower()
    return any(word in value for word in ("private", "no-cache", "no-store"))


# Context names of the objects a listing page is about, and their surrogate-key prefixes.
LISTING_SUBJECTS = {
    "section": "section",
    "topic": "topic",
    "author": "author",
    "person": "person",
    "organisation": "organisation",
}


def surrogate_keys(request, context: dict) -> list[str]:
    """What a public page shows, as purge keys (see ``newsroom.purge.keys_for_article``).

    A story page is ``article-<pk>``; a listing page is named for its subject: ``home``,
    ``section-<slug>``, ``topic-<slug>``, ``author-<slug>``, ``person-<slug>``,
    ``organisation-<slug>``. Every page also carries ``site`` to purge everything at once.
    """
    from articles.models import Article  # noqa: PLC0415

    if _admin_path(request):
        return []
    keys = []
    article = context.get("article")
    if isinstance(article, Article):
        keys.append(f"article-{article.pk}")
    for name, prefix in LISTING_SUBJECTS.items():
        slug = getattr(context.get(name), "slug", None)
        if slug:
            keys.append(f"{prefix}-{slug}")
    match = request.resolver_match
    if match and match.view_name == "articles:home":
        keys.append("home")
    return [*keys, "site"] if keys else []
