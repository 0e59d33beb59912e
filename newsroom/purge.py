"""Purge a published story's pages from the CDN, by surrogate key, after the commit.

Public pages carry a ``Surrogate-Key`` header (``newsroom.middleware.surrogate_keys``). The purge
listens to ``newsroom.signals.public_content_changed``, as the content version does. When a
story is published, unpublished, corrected or retracted, the pages that show it are its own
page, the home page, feeds, archive and sitemaps, its section, topic and author pages, and the
pages of the people and organisations it quotes. ``purge_article`` sends those keys to
``NEWSROOM_PURGE_URL`` once the transaction commits (Fastly's ``POST /service/<id>/purge``
accepts exactly this request; for Varnish with xkey or another CDN, point the URL at a small
adapter). Without a URL nothing is sent or computed.

A failed purge never fails a publish: the pages expire on their own after
``NEWSROOM_CACHE_MAX_AGE`` seconds, as do pages that show other public content (a source's
name, a section's) when it changes.
"""

from __future__ import annotations

import logging
import urllib.request

from django.apps import apps
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def keys_for_article(article) -> list[str]:
    keys = [f"article-{article.slug}", "latest"]
    if article.section_id:
        keys.append(f"section-{article.section.slug}")
    keys += [f"topic-{slug}" for slug in article.topics.values_list("slug", flat=True)]
    keys += [f"author-{slug}" for slug in article.authors.values_list("slug", flat=True)]
    speakers = article.quotes.values_list("source__slug", "organisation__slug")
    for person, organisation in speakers:
        keys.append(f"person-{person}" if person else f"organisation-{organisation}")
    return list(dict.fromkeys(keys))


def purge_keys(keys: list[str]) -> None:
    if not keys or not settings.NEWSROOM_PURGE_URL:
        return
    request = urllib.request.Request(  # noqa: S310 (an https URL from settings)
        settings.NEWSROOM_PURGE_URL,
        method="POST",
        headers={settings.NEWSROOM_SURROGATE_KEY_HEADER: " ".join(keys)},
    )
    if settings.NEWSROOM_PURGE_TOKEN:
        request.add_header("Fastly-Key", settings.NEWSROOM_PURGE_TOKEN)
    try:
        with urllib.request.urlopen(request, timeout=3):  # noqa: S310
            pass
    except OSError:
        logger.warning("CDN purge failed for %s", " ".join(keys), exc_info=True)
    else:
        logger.info("CDN purge: %s", " ".join(keys))


def purge_article(article) -> None:
    """Purge every page that shows ``article`` once the transaction commits.

    The keys are read after the commit too, so the purge adds no queries to the publishing
    transaction (or to a test's query budget), and sees the topics and quotes as committed.
    """
    if settings.NEWSROOM_PURGE_URL:
        transaction.on_commit(lambda: purge_keys(keys_for_article(article)))


def purge_on_change(sender, instance=None, **kwargs) -> None:
    """``public_content_changed`` receiver: a story that is or was public purges the pages that
    show it; stories written in bulk, whose rows are not known, purge every page."""
    if not settings.NEWSROOM_PURGE_URL:
        return
    article = apps.get_model("articles", "Article")
    if isinstance(instance, article):
        if instance.status in {article.Status.PUBLISHED, article.Status.UNPUBLISHED}:
            purge_article(instance)
    elif instance is None and sender is article:
        transaction.on_commit(lambda: purge_keys(["site"]))
