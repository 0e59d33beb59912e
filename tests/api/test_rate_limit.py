"""NEWSROOM_API_RATE_LIMIT: requests per address, counted in front of the page cache."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from api.middleware import rate_limit
from tests.conftest import manage
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_address_over_its_limit_gets_a_429_with_retry_after(client, settings):
    settings.NEWSROOM_API_RATE_LIMIT = "3/minute"
    ArticleFactory()
    answers = [client.get("/api/v1/stories/") for _ in range(4)]  # the later ones are cache hits
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.json()["status"] == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "no-cache" in refused["Cache-Control"]  # never kept by a shared cache
    other = client.get("/api/v1/quotes/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200  # another address has its own count
    assert client.get("/").status_code == 200  # the site itself is not limited


def test_off_means_no_limit(client, settings):
    settings.NEWSROOM_API_RATE_LIMIT = "off"
    assert {client.get("/api/v1/quotes/").status_code for _ in range(30)} == {200}


def test_limit_setting_is_requests_per_period_or_off():
    assert rate_limit("120/minute") == (120, 60)
    assert rate_limit("5/second") == (5, 1)
    assert rate_limit("off") is None
    with pytest.raises(ImproperlyConfigured):
        rate_limit("lots")


def test_limit_defaults_to_120_a_minute_and_a_bad_one_refuses_to_start():
    script = "from django.conf import settings; print(settings.NEWSROOM_API_RATE_LIMIT)"
    result = manage("shell", "-c", script)
    assert result.stdout.strip().splitlines()[-1] == "120/minute", result.stderr
    refused = manage("check", NEWSROOM_API_RATE_LIMIT="lots")
    assert refused.returncode != 0
    assert "NEWSROOM_API_RATE_LIMIT must be like 120/minute" in refused.stderr
