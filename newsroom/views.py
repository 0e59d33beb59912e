"""Site-level views: the back office's second-factor page and the database-down page."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.admin import site
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.forms import OTPTokenForm


@login_required(login_url="admin:login")
def second_factor(request):
    """Ask for the code from the user's authenticator app; a user without a device is told how
    to get one enrolled (``manage.py enrol_totp``), never let through."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("admin:index")
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        device = next(devices_for_user(request.user), None)
        if device is not None and not data.get("otp_device"):
            data["otp_device"] = device.persistent_id  # the usual case: one authenticator app
    form = OTPTokenForm(request.user, request, data=data)
    if request.method == "POST" and form.is_valid():
        otp_login(request, request.user.otp_device)
        return redirect(target)
    context = {
        **site.each_context(request),
        "title": "Second factor",
        "form": form,
        "has_device": user_has_device(request.user),
    }
    return render(request, "admin/second_factor.html", context)


DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    """``handler500``: an unreachable database is a 503 in the site's design (with
    Retry-After), rendered without touching the database; anything else is the usual 500.

    It is the handler, not a middleware, because a database error can also come from inside
    another middleware (sessions, the page cache), where process_exception never sees it.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        body = loader.render_to_string(
            "503.html",
            {
                "newsroom_name": settings.NEWSROOM_NAME,
                "newsroom_language": settings.NEWSROOM_LANGUAGE,
            },
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request, template_name)
