"""The public site's template environment: Jinja2, with the Django helpers its pages use.

Readers' pages (``templates/jinja2/``) are Jinja2; the back office keeps Django's template
language (``templates/admin/``). Jinja2 compiles a template to one Python function, so a page
with many links and repeated blocks costs far less to render than with Django's templates
(docs/performance.md).

Templates get ``url()``, ``static()``, ``picture()``, ``image_url()`` and ``absolute_url()``
(``newsroom.site_url``) as functions, and the Django filters the pages use (``date``,
``pluralize``, ``capfirst``, ``linebreaksbr``, ``urlencode``) under their Django names.
Undefined names raise instead of printing nothing, so a typo fails the tests rather than a page.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.conf import settings
from django.template import defaultfilters
from django.utils import dateformat, timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from jinja2 import Environment, StrictUndefined, pass_eval_context
from jinja2.nodes import EvalContext

from images.templatetags.images import image_url, picture
from newsroom.site_url import absolute_url
from newsroom.urlcache import cached_reverse, cached_static


def url(viewname: str, *args, **kwargs) -> str:
    """``{{ url("articles:topic", topic.slug) }}``, as ``{% url %}`` (remembered per worker)."""
    return cached_reverse(viewname, *args, **kwargs)


@pass_eval_context
def date(eval_ctx: EvalContext, value, format_string: str) -> str:
    """``{{ story.published_at|date("j F Y") }}``: Django's date format characters, in the
    time zone in force (the newsroom's), as Django's ``date`` filter shows a format string.

    The two formats every list of stories uses, ``"c"`` and ``"j F Y"``, and the story page's
    publication time, ``"j F Y, H:i T"``, are made directly (a test holds them to Django's
    output): through Django they were a third of the home page's rendering, with a month name
    translated again for every story. A time a clock change makes ambiguous or skips, whose zone
    Django leaves out, goes through Django.
    """
    if value in (None, ""):
        return ""
    zone, language = _time_zone_and_language(eval_ctx)
    if (
        settings.USE_TZ
        and isinstance(value, datetime)
        and value.tzinfo is not None
        and getattr(value, "convert_to_local_time", True)
    ):
        value = value.astimezone(zone)
    if format_string == "c":
        return value.isoformat()
    if format_string == "j F Y":
        return f"{value.day} {_month_name(language, value.month)} {value.year}"
    if format_string == "j F Y, H:i T" and _unambiguous(value):
        day = f"{value.day} {_month_name(language, value.month)} {value.year}"
        return f"{day}, {value.hour:02d}:{value.minute:02d} {value.tzname()}"
    return dateformat.format(value, format_string)


def _unambiguous(value) -> bool:
    """An aware datetime its zone names once: not in a clock change's repeated or skipped hour."""
    return (
        isinstance(value, datetime)
        and value.utcoffset() is not None
        and value.replace(fold=1 - value.fold).utcoffset() == value.utcoffset()
    )


def _time_zone_and_language(eval_ctx: EvalContext) -> tuple:
    """The time zone and language in force, read once per render: Django keeps them in
    context-local storage, whose reads are not free, and a home page shows fifty dates."""
    try:
        return eval_ctx.newsroom_time_zone_and_language
    except AttributeError:
        found = (timezone.get_current_timezone(), get_language())
        eval_ctx.newsroom_time_zone_and_language = found
        return found


@cache
def _month_name(language: str | None, month: int) -> str:
    with translation.override(language):
        return str(MONTHS[month])


def pluralize(value, suffix: str = "s") -> str:
    return defaultfilters.pluralize(value, suffix)


def linebreaksbr(value) -> str:
    return defaultfilters.linebreaksbr(value, autoescape=True)


def environment(**options) -> Environment:
    options["undefined"] = StrictUndefined  # Django's backend would default to Undefined
    env = Environment(**options)  # noqa: S701 (Django's backend turns autoescape on)
    env.globals.update(
        url=url,
        static=cached_static,
        picture=picture,
        image_url=image_url,
        absolute_url=absolute_url,
    )
    env.filters.update(
        date=date,
        pluralize=pluralize,
        capfirst=defaultfilters.capfirst,
        linebreaksbr=linebreaksbr,
        urlencode=defaultfilters.urlencode,
    )
    return env
