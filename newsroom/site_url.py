"""Absolute URLs of the public site: canonical links, ``og:url``, JSON-LD, feeds, sitemaps,
robots.txt and share-preview links.

They come from ``NEWSROOM_SITE_URL`` when it is set. Otherwise from the request's validated host
(``request.get_host()``, port included), and then a cached page is only valid for that origin:
``page_cache_origin`` is part of every page-cache key, so a request on another allowed host or
port (``Host: 127.0.0.1:6666``) cannot put its links in front of every reader. Links inside
pages stay root-relative.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings


def site_origin(request) -> str:
    """``https://news.example.com``: the configured origin, or the request's own, its host
    validated against ``ALLOWED_HOSTS`` once a request (a story page makes twenty links)."""
    if settings.NEWSROOM_SITE_URL:
        return settings.NEWSROOM_SITE_URL
    try:
        return request._newsroom_site_origin
    except AttributeError:
        request._newsroom_site_origin = f"{request.scheme}://{request.get_host()}"
        return request._newsroom_site_origin


def absolute_url(request, location: str) -> str:
    """``location`` (a root-relative path such as ``/topics/ports/``) on the site's origin; an
    address that is already absolute (media on S3) is returned as it is."""
    origin = site_origin(request)
    if location.startswith("/") and not location.startswith("//") and "/." not in location:
        return origin + location  # what urljoin() makes of it, without parsing both
    return urljoin(origin + "/", location)


def page_cache_origin(request) -> str:
    """What a cached page's absolute URLs depend on in the request: nothing when the origin is
    configured, else the request's scheme, host and port."""
    return "" if settings.NEWSROOM_SITE_URL else site_origin(request)
