"""Settings come from the environment; production refuses to start without a secret."""

from pathlib import Path

import pytest

from tests.conftest import manage

ROOT = Path(__file__).resolve().parents[1]


PRODUCTION_FIELD_KEY = "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtbG9uZy1rZXk="


def test_debug_off_without_secret_key_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_without_field_encryption_key_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="y" * 60)
    assert result.returncode != 0
    assert "NEWSROOM_FIELD_ENCRYPTION_KEY must be set" in result.stderr


@pytest.mark.parametrize("tls_at_proxy", [False, True])
def test_deploy_check_is_clean_in_production(tls_at_proxy):
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "DJANGO_ALLOWED_HOSTS": "news.example",
        "NEWSROOM_FIELD_ENCRYPTION_KEY": PRODUCTION_FIELD_KEY,
    }
    if tls_at_proxy:
        env |= {"DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_PROXY_SSL_HEADER": "1"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    output = result.stdout + result.stderr
    if tls_at_proxy:
        assert "security.W008" in output  # the redirect is the proxy's job, and the check says so
    else:
        assert result.returncode == 0, output
        assert "no issues" in output


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"REDIS_URL": "", "NEWSROOM_PAGE_CACHE": "on"}, "locmem.LocMemCache default"),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/0", "NEWSROOM_PAGE_CACHE": "on"},
            "locmem.LocMemCache local_pages",
        ),
    ],
)
def test_cache_aliases_follow_the_environment(env, expected):
    """Redis gets each worker's page copies in front of it."""
    script = (
        "from django.conf import settings; "
        "print([c['BACKEND'].rsplit('backends.', 1)[1] + ' ' + a "
        "for a, c in settings.CACHES.items()])"
    )
    result = manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_gunicorn_profile_forks_a_preloaded_app_frozen_out_of_the_collector():
    import gc
    import runpy

    profile = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert profile["preload_app"] is True
    assert profile["worker_class"] == "sync"
    try:
        profile["pre_fork"](None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    "value", ["news.example.com", "https://news.example.com/news", "ftp://news.example.com"]
)
def test_a_site_url_that_is_not_an_origin_refuses_to_start(value):
    result = manage("check", NEWSROOM_SITE_URL=value)
    assert result.returncode != 0
    assert "NEWSROOM_SITE_URL must be an origin" in result.stderr


def test_a_site_url_loses_its_trailing_slash():
    script = "from django.conf import settings; print(settings.NEWSROOM_SITE_URL)"
    result = manage("shell", "-c", script, NEWSROOM_SITE_URL="https://news.example.com/")
    assert result.stdout.strip().splitlines()[-1] == "https://news.example.com", result.stderr
