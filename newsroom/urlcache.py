"""``cached_reverse()``: Django's ``reverse()``, remembered, for the links public pages build
over and over. Its own name, because it takes the URL's arguments directly
(``cached_reverse("articles:topic", slug=slug)``), not ``args=``/``kwargs=``.

A story page links its section, bylines, topics, speakers, related stories and the site's
header and footer: about thirty ``reverse()`` calls, a fair share of the page's Python time.
The answer depends only on the URL configuration, the script prefix
and the arguments, all part of the key, so a remembered link is never wrong; a bounded LRU keeps
each worker's memory in check. The URL configuration is ``ROOT_URLCONF``: nothing here sets a
per-request one (``request.urlconf``), and reading Django's thread-local for it on every link cost
more than the rest of the lookup.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix
from django.urls import reverse as django_reverse

LINKS_PER_WORKER = 20_000


def cached_reverse(viewname: str, *args, **kwargs) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs)``, from memory when it was asked before."""
    return _reverse(
        settings.ROOT_URLCONF,
        get_script_prefix(),
        viewname,
        args,
        tuple(kwargs.items()),
    )


@lru_cache(maxsize=LINKS_PER_WORKER)
def _reverse(urlconf, prefix: str, viewname: str, args: tuple, kwargs: tuple) -> str:
    return django_reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)
