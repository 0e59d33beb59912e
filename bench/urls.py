"""Bench-only URLs: the site plus a bare view. Selected with DJANGO_ROOT_URLCONF=bench.urls.

The bare view is the ceiling the benchmark compares pages with: the same middleware, WSGI server
and response size, but no database and no template. It is never in production URLs.
"""

from functools import cache

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


@cache
def _page(size: int) -> bytes:
    line = b"<p>" + b"x" * 72 + b"</p>\n"
    return (line * (size // len(line) + 1))[:size]


def bare(request):
    size = min(int(request.GET.get("bytes", "1000")), 2_000_000)
    return HttpResponse(_page(size), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site_urlpatterns]
