"""The public site's template environment: Jinja2, with the Django helpers its pages use.

Readers' pages (``templates/jinja2/``) are Jinja2; the back office keeps Django's template
language (``templates/admin/``). Jinja2 compiles a template to one Python function: the story
page rendered in about a quarter of the time Django's templates took for the same HTML, which
mattered once the page's queries were down to a few (README, Performance).

Templates get ``url()``, ``static()``, ``picture()`` and ``image_url()`` as functions, and the
Django filters the pages use (``date``, ``pluralize``, ``capfirst``, ``linebreaksbr``,
``urlencode``) under their Django names. Undefined names raise instead of printing nothing, so
a typo fails the tests rather than a page.
"""

from __future__ import annotations

from functools import cache

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import dateformat, translation
from django.utils.dates import MONTHS
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import Environment, StrictUndefined

from images.templatetags.images import image_url, picture
from newsroom.urlcache import reverse


def url(viewname: str, *args, **kwargs) -> str:
    """``{{ url("articles:topic", topic.slug) }}``, as ``{% url %}`` (remembered per worker)."""
    return reverse(viewname, *args, **kwargs)


def date(value, format_string: str) -> str:
    """``{{ story.published_at|date("j F Y") }}``: Django's date format characters, in the
    newsroom's time zone, as Django's ``date`` filter shows a format string.

    The two formats every list of stories uses, ``"c"`` and ``"j F Y"``, are made directly
    (a test holds them to Django's output): through Django they were a third of the home page's
    rendering, with a month name translated again for every story.
    """
    if value in (None, ""):
        return ""
    value = template_localtime(value)
    if format_string == "c":
        return value.isoformat()
    if format_string == "j F Y":
        return f"{value.day} {_month_name(get_language(), value.month)} {value.year}"
    return dateformat.format(value, format_string)


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
    env.globals.update(url=url, static=static, picture=picture, image_url=image_url)
    env.filters.update(
        date=date,
        pluralize=pluralize,
        capfirst=defaultfilters.capfirst,
        linebreaksbr=linebreaksbr,
        urlencode=defaultfilters.urlencode,
    )
    return env
