"""Request-level policy: which database a request reads from, HTTP caching, security headers,
staff session expiry and the second factor."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control, patch_vary_headers

from newsroom.db_routers import reading_from_replica
from newsroom.urlcache import cached_reverse

SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_admin_request(request) -> bool:
    """Under the back office, wherever DJANGO_ADMIN_URL puts it (``newsroom/urls.py`` mounts
    the admin there, at the URL configuration's root)."""
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


def may_be_signed_in(request) -> bool:
    """Only a session cookie can carry a signed-in user: without one the request is a
    reader's, known without loading the session and the user."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _signed_in(request) -> bool:
    if not may_be_signed_in(request):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _is_public_read(request) -> bool:
    """An anonymous reader fetching a public page: safe to serve stale by seconds."""
    if request.method not in SAFE_METHODS or is_admin_request(request):
        return False
    return not _signed_in(request)


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
    """The one place that decides ``Cache-Control``: public for anonymous reads, ``private`` for
    logged-in users.

    Public pages say ``public, max-age=0, must-revalidate`` and carry an ETag
    (``newsroom.caching.public_page``): browsers and caches revalidate every time, which is cheap,
    so a retraction reaches readers at once. When the site purges a CDN on publish
    (``NEWSROOM_PURGE_URL`` set), this adds ``s-maxage=NEWSROOM_CACHE_MAX_AGE`` (default 60) so the
    CDN answers a breaking-news spike itself and is told by the purge when a story changes.

    Public pages also name what they show in a ``Surrogate-Key`` header, taken from the URL
    (see ``surrogate_keys``). Responses that set a cookie, or that their view marked private or
    ``no-cache`` (the admin's ``never_cache``), are never shared. Place it right below the page
    cache, which keeps a page with what this decided: above it are only static files, the HTTPS
    redirect and the API's refusals (``api.middleware``), which say for themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_age = int(os.environ.get("NEWSROOM_CACHE_MAX_AGE", "60"))

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_request(request) or _marked_uncacheable(response):
            return response
        # A response that sets a cookie (a CSRF token, a session) must never be shared.
        shareable = response.status_code in CACHEABLE_STATUSES and not response.cookies
        if _is_public_read(request) and shareable:
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if settings.NEWSROOM_PURGE_URL:
                patch_cache_control(response, public=True, s_maxage=self.max_age)
            keys = surrogate_keys(request)
            if keys:
                response.headers[settings.NEWSROOM_SURROGATE_KEY_HEADER] = " ".join(keys)
        else:
            never_shared(response)
        patch_vary_headers(response, ["Cookie"])
        return response


def never_shared(response) -> None:
    """Mark ``response`` as its client's alone: no shared cache keeps it, no purge names it."""
    response.headers.pop(settings.NEWSROOM_SURROGATE_KEY_HEADER, None)
    patch_cache_control(response, private=True, no_cache=True)


# A 304 stands for a public page: it says what the page says.
CACHEABLE_STATUSES = frozenset({200, 301, 304, 404, 410})


def _marked_uncacheable(response) -> bool:
    value = response.get("Cache-Control", "").lower()
    return any(word in value for word in ("private", "no-cache", "no-store"))


# URL names, and the surrogate key their ``slug`` makes. Lists of the newest stories (home,
# feeds, archive, sitemaps) share the key ``latest``.
SLUG_KEYS = {
    "articles:detail": "article",
    "articles:topic": "topic",
    "articles:topic_rss": "topic",
    "articles:topic_atom": "topic",
    "articles:section": "section",
    "articles:section_rss": "section",
    "articles:section_atom": "section",
    "articles:author": "author",
    "sources:person": "person",
    "sources:organisation": "organisation",
}
LATEST_VIEWS = frozenset(
    {
        "articles:home",
        "articles:rss",
        "articles:atom",
        "articles:archive",
        "articles:archive_year",
        "articles:archive_month",
        "articles:corrections",
        "sitemap-index",
        "sitemap-news",
        "sitemap-section",
        # The API's lists, and its items (a story's own purge keys name its slug, not its id).
        "api:stories",
        "api:story",
        "api:quotes",
    }
)


def surrogate_keys(request) -> list[str]:
    """What a public page shows, as purge keys (``newsroom.purge.keys_for_article``).

    A story page is ``article-<slug>``; a topic, section, author, person or organisation page
    (and its feeds) is ``topic-<slug>`` and so on; home, feeds, archive and sitemaps are
    ``latest``. Every page also carries ``site``, to purge everything at once after a release.
    """
    match = request.resolver_match
    if match is None:
        return []
    keys = []
    prefix = SLUG_KEYS.get(match.view_name)
    if prefix and match.kwargs.get("slug"):
        keys.append(f"{prefix}-{match.kwargs['slug']}")
    if match.view_name in LATEST_VIEWS:
        keys.append("latest")
    return [*keys, "site"]


IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def import_map_hashes(response) -> list[str]:
    """CSP hashes of the page's inline import maps (the prose editor's ES modules need one)."""
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in IMPORT_MAP.findall(response.content)
    ]


# What django-csp lets a view or a request change about the policy of its response.
CSP_RESPONSE_CHANGES = tuple(
    f"_csp_{change}{suffix}"
    for change in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
_site_policies: dict[bool, str] = {}


@receiver(setting_changed)
def _forget_site_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policies.clear()


def site_policy(*, report_only: bool = False) -> str:
    """The policy of a response nothing changed: django-csp's, built from the settings once."""
    if report_only not in _site_policies:
        _site_policies[report_only] = build_policy(report_only=report_only)
    return _site_policies[report_only]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site-wide policy, relaxed only in the back office: inline styles (Django's admin
    widgets and the prose editor set ``style`` attributes) and, by hash, the prose editor's
    inline import map. Public pages keep ``style-src 'self'`` and ``script-src 'self'``.

    A response that neither its view nor a nonce changed gets the site's policy as built once
    (``site_policy``), the same text django-csp would build again for each: on a page-cache
    hit, rebuilding it was a large share of the whole answer."""

    def process_response(self, request, response):
        if is_admin_request(request) and not hasattr(response, "_csp_update"):
            update = {"style-src": [UNSAFE_INLINE]}
            hashes = import_map_hashes(response)
            if hashes:
                update["script-src"] = hashes
            response._csp_update = update
        if self._policy_changed(request, response):
            return super().process_response(request, response)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = site_policy(report_only=report_only)
            if policy and header not in response:
                response.headers[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _policy_changed(request, response) -> bool:
        """Whether django-csp must build this response's policy itself: a view changed it, the
        page used a nonce, or the settings exempt some paths or debug pages."""
        return (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, change) for change in CSP_RESPONSE_CHANGES)
            or settings.DEBUG
            or any(
                (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
                for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
            )
        )


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.NEWSROOM_PERMISSIONS_POLICY)
        return response


class StaffIdleTimeoutMiddleware:
    """Log staff out after NEWSROOM_STAFF_IDLE_MINUTES without a request."""

    SESSION_KEY = "newsroom_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request) and request.user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY, now)
            if now - last_seen > settings.NEWSROOM_STAFF_IDLE_MINUTES * 60:
                logout(request)
                if is_admin_request(request):
                    login = cached_reverse("admin:login")
                    return redirect(f"{login}?next={request.path}")
            elif now - last_seen >= 30 or self.SESSION_KEY not in request.session:
                request.session[self.SESSION_KEY] = now  # at most one session write a minute
        return self.get_response(request)


def needs_second_factor(user) -> bool:
    """Staff who can see confidential identities must prove a second factor."""
    return (
        user.is_authenticated
        and user.is_staff
        and (user.is_superuser or user.has_perm("sources.view_confidential_identity"))
    )


class RequireSecondFactorMiddleware:
    """With NEWSROOM_REQUIRE_2FA on, back-office pages send such staff to the token page until
    their session is verified by django-otp (``request.user.is_verified()``). A POST is not
    carried out, and a message says why; place it after ``MessageMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.NEWSROOM_REQUIRE_2FA
            and is_admin_request(request)
            and needs_second_factor(request.user)
            and not request.user.is_verified()
            and request.path
            not in {cached_reverse("second_factor"), cached_reverse("admin:logout")}
        ):
            if request.method != "GET":
                messages.warning(request, "Enter your one-time code first.")
            return redirect(f"{cached_reverse('second_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
