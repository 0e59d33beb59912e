"""Request policy for the API: CORS open to any origin, and a per-address rate limit.

A middleware rather than a view decorator because it must run in front of the page cache
(``newsroom.caching.PageCacheMiddleware``): a cached answer is cheap, but a client fetching it
in a loop still counts against its limit, and it still needs its CORS headers. Its own answers
(a refusal, a preflight) are made above the middleware that decide a page's cache headers, so
they mark themselves as never shared.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, JsonResponse
from redis.exceptions import RedisError

from newsroom.middleware import never_shared

API_PREFIX = "/api/"
PERIODS = {"second": 1, "minute": 60, "hour": 3600}
RATE = re.compile(r"(\d+)/(second|minute|hour)")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Max-Age": "86400",
}


@lru_cache
def rate_limit(setting: str) -> tuple[int, int] | None:
    """``NEWSROOM_API_RATE_LIMIT`` as (requests, seconds): "120/minute"; "off" for none."""
    if setting.strip().lower() in {"", "off", "0"}:
        return None
    match = RATE.fullmatch(setting.strip().lower())
    if match is None:
        raise ImproperlyConfigured(
            f"NEWSROOM_API_RATE_LIMIT must be like 120/minute (per second, minute or hour) or "
            f"off; it is {setting!r}."
        )
    return int(match[1]), PERIODS[match[2]]


def seconds_until_allowed(request, *, now: float | None = None) -> int | None:
    """None while the client's address is within its limit, else how long it must wait.

    A fixed window per address, counted in the default cache (Redis when there is one, so
    every worker shares the count). A cache that fails lets the request through: a rate limit
    must not turn a cache outage into an API outage.
    """
    limit = rate_limit(settings.NEWSROOM_API_RATE_LIMIT)
    if limit is None:
        return None
    allowed, period = limit
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"api-rate:{get_client_ip_address(request)}:{period}:{window}"
    try:
        cache.add(key, 0, timeout=period + 1)
        count = cache.incr(key)
    except (RedisError, OSError, ValueError):
        return None
    if count <= allowed:
        return None
    return max(1, int((window + 1) * period - now + 0.999))


class ApiMiddleware:
    """Place it before ``PageCacheMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        response = self._own_answer(request)
        if response is None:
            response = self.get_response(request)
        else:
            never_shared(response)
        for name, value in CORS_HEADERS.items():
            response.headers[name] = value
        return response

    @staticmethod
    def _own_answer(request):
        """A preflight's answer, or a refusal to a client over its limit; None to go on."""
        if request.method == "OPTIONS":
            return HttpResponse(status=204, headers=PREFLIGHT_HEADERS)
        if (wait := seconds_until_allowed(request)) is not None:
            return JsonResponse(
                {
                    "error": f"Too many requests from your address; try again in {wait} s.",
                    "status": 429,
                },
                status=429,
                headers={"Retry-After": str(wait)},
            )
        return None
