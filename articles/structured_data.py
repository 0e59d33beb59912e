"""schema.org ``NewsArticle`` JSON-LD for an article page, safe inside a ``<script>`` tag."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsroom.site_url import absolute_url
from newsroom.urlcache import cached_reverse

# json.dumps leaves <, > and & alone; in HTML they could close the <script> element early.
# Replaced one by one: str.translate with a mapping walks a non-ASCII text (ensure_ascii=False)
# a character at a time in Python objects, where replace() scans it in C.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _iso(moment, zone) -> str:
    """In ``zone``, the page's (the newsroom's), e.g. 2016-12-26T08:30:00+05:00."""
    return moment.astimezone(zone).isoformat()


def script_safe_json(data) -> SafeString:
    """JSON that cannot break out of ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(text)  # noqa: S308


def news_article(story, request, *, image_url: str | None = None) -> dict:
    """The schema.org description of a ``story_page.read()`` story, with its on-record direct
    quotes as ``Quotation``s (``quotations``)."""
    url = absolute_url(request, story.get_absolute_url())
    publisher = {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_NAME,
        "url": absolute_url(request, cached_reverse("articles:home")),
    }
    authors = story.bylines
    topics = story.topics_by_name()
    zone = timezone.get_current_timezone()  # read once: Django keeps it in context-local storage
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": story.headline,
        "description": story.dek,
        "datePublished": _iso(story.published_at, zone),
        "dateModified": _iso(story.public_updated, zone),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(request, author.get_absolute_url()),
            }
            for author in authors
        ]
        or [{"@type": "Organization", "name": story.byline_text or settings.NEWSROOM_NAME}],
        "publisher": publisher,
        "inLanguage": settings.NEWSROOM_LANGUAGE,
        "isAccessibleForFree": True,
    }
    if story.dateline:
        data["dateline"] = story.dateline
        data["locationCreated"] = {"@type": "Place", "name": story.dateline}
    if story.section:
        data["articleSection"] = story.section.name
    if topics:
        data["about"] = [
            {
                "@type": "Thing",
                "name": topic.name,
                "url": absolute_url(request, topic.get_absolute_url()),
            }
            for topic in topics
        ]
        data["keywords"] = [topic.name for topic in topics]
    if image_url:
        data["image"] = [absolute_url(request, image_url)]
    corrections = story.public_corrections
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": _iso(correction.published_at, zone),
            }
            for correction in corrections
        ]
    quotations = quotations_of(story, request, article_id=data["@id"])
    if quotations:
        data["hasPart"] = quotations
    return data


def quotations_of(story, request, *, article_id: str) -> list[dict]:
    """A ``Quotation`` for each direct quote of a named person or an institution, spoken by a
    ``Person`` or ``Organization`` with its public name and page.

    An anonymous source's quotes get none: a speaker-less Quotation beside the named ones
    would only invite guessing, and reported speech is the story's words, not the speaker's.
    """
    quotations = []
    for quote in story.public_quotes:
        if not quote.is_direct or quote.is_anonymous:
            continue
        if quote.organisation_id is not None:
            speaker = {"@type": "Organization", "name": quote.organisation.name}
        else:
            speaker = {"@type": "Person", "name": quote.source.public_name}
        speaker["url"] = absolute_url(request, quote.speaker_url())
        quotations.append(
            {
                "@type": "Quotation",
                "text": quote.text,
                "spokenByCharacter": speaker,
                "isPartOf": {"@id": article_id},
            }
        )
    return quotations
