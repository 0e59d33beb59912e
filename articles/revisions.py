"""Revisions of a story's words: snapshot, compare, write back.

A revision holds what readers read (headline, dek, body, quotes, topics). Restoring
(``workflow.restore``) writes the old words back, or holds them as a new revision while the story
is public; it never rewrites history and never publishes.
"""

from __future__ import annotations

import difflib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from articles.models import Article, ArticleRevision
from sources.models import Quote

TEXT_KEYS = ("headline", "dek", "body", "quotes")


def snapshot(article: Article) -> dict:
    quotes = Quote.objects.filter(article=article).in_story_order()
    return {
        "headline": article.headline,
        "dek": article.dek,
        "body": article.body,
        "quotes": [
            {
                "paragraph": quote.paragraph,
                "position": quote.position,
                "text": quote.text,
                "is_direct": quote.is_direct,
                "source_id": quote.source_id,
                "organisation_id": quote.organisation_id,
                "anonymous_id": quote.anonymous_id,
                "context": quote.context,
                "speaker_title": quote.speaker_title,
                "speaker_organisation": quote.speaker_organisation,
            }
            for quote in quotes
        ],
        "topics": sorted(article.topics.values_list("name", flat=True)),
    }


def text_of(content: dict) -> dict:
    """The parts an approval covers."""
    return {key: content.get(key) for key in TEXT_KEYS}


def record(article: Article, *, by, note: str = "", content: dict | None = None) -> ArticleRevision:
    """Store a new revision: the story as it is in the database now, or ``content``."""
    last = article.revisions.aggregate(n=Max("number"))["n"] or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        content=snapshot(article) if content is None else content,
        created_by=by,
        note=note,
    )


def changed_since_approval(article: Article) -> bool:
    if article.approved_revision is None:
        return True
    return text_of(snapshot(article)) != text_of(article.approved_revision.content)


def write(article: Article, content: dict, *, by) -> list[str]:
    """Write a revision's words into the story (locked by the caller); no rule of the workflow
    applies here (``workflow.restore`` and ``workflow.publish_revision`` apply them).

    Returns the quotes that could not be written because their speaker no longer exists, or
    may no longer be named on the record (``Quote.save``).
    """
    article.headline = content["headline"]
    article.dek = content["dek"]
    article.body = content["body"]
    article.version += 1
    article.modified_by = by
    article.save(update_fields=["headline", "dek", "body", "version", "modified_by", "modified_at"])
    article.topics.set(content["topics"])
    skipped = []
    article.quotes.all().delete()
    for spec in content["quotes"]:
        try:
            with transaction.atomic():
                Quote.objects.create(article=article, **spec)
        except (IntegrityError, ValidationError):  # report it, do not fail
            skipped.append(spec["text"][:60])
    return skipped


def as_lines(content: dict) -> list[str]:
    from articles.text import body_paragraphs  # noqa: PLC0415

    lines = [f"Headline: {content.get('headline', '')}", f"Dek: {content.get('dek', '')}", ""]
    lines += body_paragraphs(content.get("body", ""))
    lines.append("")
    for quote in content.get("quotes", []):
        lines.append(f"Quote ¶{quote['paragraph'] + 1}: {quote['text']}")  # as editors count
    lines.append(f"Topics: {', '.join(content.get('topics', []))}")
    return lines


def html_diff(old: ArticleRevision, new: ArticleRevision) -> str:
    """A side-by-side table of what changed, one line per paragraph."""
    return html_diff_content(
        old.content, new.content, f"Revision {old.number}", f"Revision {new.number}"
    )


def html_diff_content(old: dict, new: dict, old_label: str, new_label: str) -> str:
    return difflib.HtmlDiff(wrapcolumn=70).make_table(
        as_lines(old), as_lines(new), fromdesc=old_label, todesc=new_label, context=False
    )
