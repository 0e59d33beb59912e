"""Site-wide security middleware: headers, staff session expiry and the second factor."""

from __future__ import annotations

import base64
import hashlib
import re
import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


def is_admin_path(path: str) -> bool:
    return path.startswith(reverse("admin:index"))


IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def import_map_hashes(response) -> list[str]:
    """CSP hashes of the page's inline import maps (the prose editor's ES modules need one)."""
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return []
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in IMPORT_MAP.findall(response.content)
    ]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site-wide policy, relaxed only in the back office: inline styles (Django's admin
    widgets and the prose editor set ``style`` attributes) and, by hash, the prose editor's
    inline import map. Public pages keep ``style-src 'self'`` and ``script-src 'self'``."""

    def process_response(self, request, response):
        if is_admin_path(request.path) and not hasattr(response, "_csp_update"):
            update = {"style-src": [UNSAFE_INLINE]}
            hashes = import_map_hashes(response)
            if hashes:
                update["script-src"] = hashes
            response._csp_update = update
        return super().process_response(request, response)


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
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY, now)
            if now - last_seen > settings.NEWSROOM_STAFF_IDLE_MINUTES * 60:
                logout(request)
                if is_admin_path(request.path):
                    login = reverse("admin:login")
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
    their session is verified by django-otp (``request.user.is_verified()``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.NEWSROOM_REQUIRE_2FA
            and is_admin_path(request.path)
            and needs_second_factor(request.user)
            and not request.user.is_verified()
            and request.path not in {reverse("second_factor"), reverse("admin:logout")}
        ):
            if request.method != "GET":
                messages.warning(request, "Enter your one-time code first.")
            return redirect(f"{reverse('second_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
