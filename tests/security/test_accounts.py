"""Accounts: login throttling, the second factor, staff idle expiry, headers, the admin URL."""

from __future__ import annotations

import importlib
import time

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import clear_url_caches, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.middleware import StaffIdleTimeoutMiddleware
from sources.models import Organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-staff-password-7"


def staff(username="staffer", **fields):
    user = UserFactory(username=username, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def post_login(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.9",
    )


def test_login_is_locked_after_five_failures_even_with_the_right_password(client):
    staff(is_superuser=True)
    for _ in range(5):
        assert post_login(client, "staffer", "wrong").status_code in (200, 429)
    response = post_login(client, "staffer", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_username_and_address(client):
    staff()
    staff("other")
    for _ in range(5):
        post_login(client, "staffer", "wrong")
    assert post_login(client, "other", PASSWORD).status_code == 302


def test_one_address_guessing_many_usernames_is_locked_out(client, settings):
    """Password spraying: a few guesses on each of many usernames, never five on one."""
    address_limit = settings.NEWSROOM_LOGIN_FAILURE_LIMITS[("ip_address",)]
    staff()
    for number in range(address_limit):
        post_login(client, f"guess{number}", "wrong")
    response = post_login(client, "staffer", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    elsewhere = client.post(
        reverse("admin:login"),
        {"username": "staffer", "password": PASSWORD, "next": reverse("admin:index")},
        REMOTE_ADDR="198.51.100.7",
    )
    assert elsewhere.status_code == 302


def test_one_username_guessed_from_many_addresses_is_locked_out(client, settings):
    """A botnet: a few guesses from each address, never five from one."""
    username_limit = settings.NEWSROOM_LOGIN_FAILURE_LIMITS[("username",)]
    staff()
    staff("other")
    for number in range(username_limit):
        client.post(
            reverse("admin:login"),
            {"username": "staffer", "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{number + 1}",
        )
    assert post_login(client, "staffer", PASSWORD).status_code == 429
    assert post_login(client, "other", PASSWORD).status_code == 302


def test_logging_in_to_ones_own_account_does_not_clear_an_addresss_failures(client, settings):
    """Otherwise an attacker with any account could log in between guesses to start again."""
    address_limit = settings.NEWSROOM_LOGIN_FAILURE_LIMITS[("ip_address",)]
    staff()
    staff("attacker")
    for number in range(address_limit - 1):
        post_login(client, f"guess{number}", "wrong")
    assert post_login(client, "attacker", PASSWORD).status_code == 302
    client.logout()
    post_login(client, "guess-last", "wrong")
    assert post_login(client, "staffer", PASSWORD).status_code == 429


def test_the_address_and_username_limits_are_above_the_pair_limit(settings):
    limits = settings.NEWSROOM_LOGIN_FAILURE_LIMITS
    pair = limits[("username", "ip_address")]
    assert pair == settings.AXES_FAILURE_LIMIT == 5
    assert limits[("ip_address",)] > pair and limits[("username",)] > pair


def test_login_works_below_the_limit(client):
    staff()
    for _ in range(3):
        post_login(client, "staffer", "wrong")
    assert post_login(client, "staffer", PASSWORD).status_code == 302


@pytest.fixture
def require_2fa(settings):
    settings.NEWSROOM_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp delays retries after a wrong code


def test_superuser_must_enter_a_code_when_2fa_is_required(client, require_2fa):
    user = staff(is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert post_login(client, "staffer", PASSWORD).status_code == 302
    response = client.get(reverse("admin:sources_source_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor"))

    response = client.post(response["Location"], {"otp_token": "000000"})
    assert response.status_code == 200  # a wrong code is refused with a form error
    assert client.get(reverse("admin:index")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a wrong code
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(
        reverse("second_factor") + "?next=" + reverse("admin:index"), {"otp_token": code}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert client.get(reverse("admin:sources_source_changelist")).status_code == 200


def test_a_post_before_the_second_factor_is_sent_to_the_code_page(client, require_2fa):
    """Password entered, code not yet: an admin POST is redirected like a GET (it was a 500),
    and nothing is saved."""
    user = staff(is_superuser=True)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert post_login(client, "staffer", PASSWORD).status_code == 302
    response = client.post(
        reverse("admin:sources_organisation_add"), {"name": "Posted too early", "slug": "early"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor"))
    assert not Organisation.objects.filter(slug="early").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Enter your one-time code first." in page


def test_staff_without_a_device_are_told_to_enrol_not_let_through(client, require_2fa):
    user = staff()
    user.user_permissions.add(
        Permission.objects.get(codename="view_confidential_identity"),
        Permission.objects.get(codename="view_source"),
    )
    client.force_login(user)
    response = client.get(reverse("admin:sources_source_changelist"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("second_factor"))
    assert "enrol_totp" in response.content.decode()


def test_journalists_without_the_identity_permission_need_no_second_factor(client, require_2fa):
    client.force_login(staff())
    assert client.get(reverse("admin:index")).status_code == 200


def test_no_second_factor_when_the_setting_is_off(client, settings):
    settings.NEWSROOM_REQUIRE_2FA = False
    client.force_login(staff(is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


def test_2fa_defaults_to_on_when_debug_is_off(monkeypatch):
    from newsroom import settings as settings_module

    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv(
        "NEWSROOM_FIELD_ENCRYPTION_KEY", "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtbG9uZy1rZXk="
    )
    monkeypatch.delenv("NEWSROOM_REQUIRE_2FA", raising=False)
    try:
        assert importlib.reload(settings_module).NEWSROOM_REQUIRE_2FA is True
        monkeypatch.setenv("DJANGO_DEBUG", "1")
        assert importlib.reload(settings_module).NEWSROOM_REQUIRE_2FA is False
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


def test_enrol_totp_command_prints_a_setup_link(capsys):
    staff("editor1")
    call_command("enrol_totp", "editor1")
    assert "otpauth://totp/" in capsys.readouterr().out
    assert TOTPDevice.objects.filter(user__username="editor1", confirmed=True).count() == 1


def test_staff_session_expires_after_inactivity(client, settings):
    settings.NEWSROOM_STAFF_IDLE_MINUTES = 30
    client.force_login(staff())
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_security_headers_on_public_and_admin_pages(client):
    public = client.get("/robots.txt")
    policy = public["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in public["Permissions-Policy"]
    assert public["Cross-Origin-Opener-Policy"] == "same-origin"
    assert public["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert public["X-Content-Type-Options"] == "nosniff"
    login = client.get(reverse("admin:login"))
    assert "style-src 'self' 'unsafe-inline'" in login["Content-Security-Policy"]
    assert "script-src 'self'" in login["Content-Security-Policy"]


def test_admin_url_is_configurable(settings):
    import newsroom.urls

    settings.ADMIN_URL = "back-office-7f3a/"
    try:
        importlib.reload(newsroom.urls)
        clear_url_caches()
        assert reverse("admin:index") == "/back-office-7f3a/"
        assert reverse("second_factor").startswith("/back-office-7f3a/")
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(newsroom.urls)
        clear_url_caches()
    assert reverse("admin:index") == "/admin/"


def test_the_site_policy_built_once_is_the_one_django_csp_builds(client, settings):
    """Responses nothing changed get the policy built once; it must be django-csp's own, and
    follow the settings when they change."""
    from csp.utils import build_policy

    assert client.get("/robots.txt")["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    response = client.get("/robots.txt")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Security-Policy-Report-Only"] == build_policy(report_only=True)
    assert "img-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_a_view_that_changes_its_policy_still_gets_its_own(rf, settings):
    """The policy built once is only for responses no view changed: an update, an exemption or
    a nonce still reach django-csp."""
    from csp.constants import NONCE, SELF
    from django.http import HttpResponse

    from newsroom.middleware import ContentSecurityPolicyMiddleware

    def respond(change):
        def view(request):
            response = HttpResponse("ok")
            change(request, response)
            return response

        request = rf.get("/robots.txt")
        return ContentSecurityPolicyMiddleware(view)(request)

    updated = respond(lambda q, r: setattr(r, "_csp_update", {"img-src": ["https://cdn.test"]}))
    assert "https://cdn.test" in updated["Content-Security-Policy"]
    exempt = respond(lambda q, r: setattr(r, "_csp_exempt", True))
    assert "Content-Security-Policy" not in exempt
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    assert "'nonce-" not in respond(lambda q, r: None)["Content-Security-Policy"]
    with_nonce = respond(lambda q, r: str(q.csp_nonce))
    assert "'nonce-" in with_nonce["Content-Security-Policy"]


def test_public_pages_need_no_inline_script_or_style_under_the_csp(client, demo_newsroom):
    """The public policy has no 'unsafe-inline': a style attribute or an inline script there
    would be silently dropped by browsers."""
    import re

    from articles.models import Article
    from articles.workflow import create_share_link

    story = Article.objects.published().first()
    editor = UserFactory(username="root", is_superuser=True)
    _, token = create_share_link(Article.objects.filter(status="draft").first(), by=editor)
    for url in ["/", story.get_absolute_url(), f"/preview/{token}/", "/no-such-page/"]:
        page = client.get(url).content.decode()
        assert " style=" not in page and "<style" not in page, url
        for tag in re.findall(r"<script[^>]*>", page):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (url, tag)


def test_the_prose_editor_import_map_is_allowed_by_hash_in_the_admin(client):
    """The story form's prose editor loads ES modules through an inline import map; the back
    office policy allows exactly that script by its hash, not 'unsafe-inline'."""
    import base64
    import hashlib
    import re

    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.get(reverse("admin:articles_article_add"))
    (body,) = re.findall(rb'<script type="importmap"[^>]*>(.*?)</script>', response.content, re.S)
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if "script-src" in part)
    assert f"'sha256-{digest}'" in script_src
    assert "unsafe-inline" not in script_src
