"""``cached_reverse()``: Django's ``reverse()`` remembered, for the links public pages build
over and over (about thirty on a story page). Its own name, since it takes the URL's arguments
directly: ``cached_reverse("articles:topic", slug=slug)``. ``cached_static()``: Django's
``static()`` remembered, for the stylesheet every page links.

A link depends only on the URL configuration, the script prefix and the arguments, all in the
key, so a remembered one is never wrong; a bounded LRU caps each worker's memory. The URL
configuration is ``ROOT_URLCONF``: nothing sets a per-request one (``request.urlconf``). The
script prefix is the request's, as Django's handler set it. ``ScriptPrefixMiddleware`` reads
both once a request: Django keeps the prefix in a thread- and task-local (asgiref's ``Local``),
whose every read cost more than the rest of the lookup.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse

LINKS_PER_WORKER = 20_000
STATIC_FILES_PER_WORKER = 1_000

# The URL configuration and the script prefix of the request being answered.
_request_links: ContextVar[tuple[str, str] | None] = ContextVar("newsroom_links", default=None)


class ScriptPrefixMiddleware:
    """Holds the request's URL configuration and script prefix for the links its page builds
    (``cached_reverse``, ``cached_static``); outside a request they ask Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_links.set((settings.ROOT_URLCONF, get_script_prefix()))
        try:
            return self.get_response(request)
        finally:
            _request_links.reset(token)


def _links() -> tuple[str, str]:
    return _request_links.get() or (settings.ROOT_URLCONF, get_script_prefix())


def cached_reverse(viewname: str, *args, **kwargs) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs)``, from memory when it was asked before."""
    return _reverse(*_links(), viewname, args, tuple(kwargs.items()))


@lru_cache(maxsize=LINKS_PER_WORKER)
def _reverse(urlconf, prefix: str, viewname: str, args: tuple, kwargs: tuple) -> str:
    return django_reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def cached_static(path: str) -> str:
    """``static(path)``, from memory when it was asked before. A static file's URL depends on
    the static files' settings, which forget what was remembered when they change, and on the
    manifest of hashed names, which Django reads once per process."""
    return _static(_links()[1], path)


@lru_cache(maxsize=STATIC_FILES_PER_WORKER)
def _static(prefix: str, path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_static_urls(*, setting, **kwargs):
    if setting in ("STATIC_URL", "STATIC_ROOT", "STORAGES"):
        _static.cache_clear()
