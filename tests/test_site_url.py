"""``newsroom.site_url``: absolute addresses on the configured origin or the request's own."""

from urllib.parse import urljoin

import pytest
from django.core.exceptions import DisallowedHost

from newsroom.site_url import absolute_url, site_origin

LOCATIONS = [
    "/",
    "",
    "/topics/ports/",
    "/search/?q=a+b&page=2#results",
    "/media/images/a%20b.jpg",
    "/a/../admin/",
    "/./topics/",
    "/topics/.well-known/",
    "//cdn.example.net/image.jpg",
    "https://bucket.s3.example.com/image.jpg",
    "topics/ports/",
    "?page=2",
]


@pytest.mark.parametrize("location", LOCATIONS)
@pytest.mark.parametrize("site_url", ["", "https://news.example.com"])
def test_an_absolute_url_is_what_urljoin_makes_of_the_location(rf, settings, site_url, location):
    settings.NEWSROOM_SITE_URL = site_url
    request = rf.get("/", HTTP_HOST="localhost:8000")
    origin = site_url or "http://localhost:8000"
    assert absolute_url(request, location) == urljoin(origin + "/", location)


def test_the_request_origin_is_validated_and_kept_for_the_request(rf, settings):
    settings.NEWSROOM_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["localhost"]
    request = rf.get("/", HTTP_HOST="localhost:8000")
    assert site_origin(request) == "http://localhost:8000"
    request.META["HTTP_HOST"] = "evil.example"  # not re-read within the request
    assert absolute_url(request, "/x/") == "http://localhost:8000/x/"
    with pytest.raises(DisallowedHost):
        site_origin(rf.get("/", HTTP_HOST="evil.example"))


def test_a_configured_origin_wins_over_the_request(rf, settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    request = rf.get("/", HTTP_HOST="localhost:8000")
    assert site_origin(request) == "https://news.example.com"
    assert absolute_url(request, "/x/") == "https://news.example.com/x/"
