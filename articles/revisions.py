"""Revisions of a story's words: snapshot, compare, write back.

A revision holds what readers read (headline, dek, body, quotes, topics). Restoring
(``workflow.restore``) writes the old words back, or holds them as a new revision while the story
is public; it never rewrites history and never publishes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import zip_longest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from articles.models import Article, ArticleRevision
from articles.text import body_paragraphs
from sources.models import AnonymousAttribution, Organisation, Quote, Source

TEXT_KEYS = ("headline", "dek", "body", "quotes")


def byline(article: Article) -> str:
    """The byline as readers read it: staff authors, then the free-text byline."""
    names = [author.name for author in article.authors.all()]
    return " and ".join(part for part in [", ".join(names), article.byline_text] if part)


def snapshot(article: Article) -> dict:
    """What readers read of the story. Revisions before slug, dateline, byline, credit and
    section were kept lack those keys; comparisons say so rather than show them as empty."""
    quotes = Quote.objects.filter(article=article).in_story_order()
    return {
        "headline": article.headline,
        "dek": article.dek,
        "slug": article.slug,
        "byline": byline(article),
        "dateline": article.dateline,
        "credit": article.credit,
        "section": article.section.name if article.section_id else "",
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


# --- comparing two versions, word by word -----------------------------------------------------

#: Every field a reader sees, in the order the story page shows them.
FIELDS = [
    ("headline", "Headline"),
    ("dek", "Dek"),
    ("slug", "Slug"),
    ("section", "Section"),
    ("byline", "Byline"),
    ("dateline", "Dateline"),
    ("credit", "Credit"),
    ("body", "Body"),
    ("quotes", "Quotes"),
    ("topics", "Topics"),
]
BLOCK_FIELDS = {"body", "quotes"}
_TOKENS = re.compile(r"\s+|\S+")
UNCHANGED_SHOWN = 1  # unchanged paragraphs shown either side of a change; the rest fold away


def _word_opcodes(before: list[str], after: list[str]) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher``'s opcodes, with a lone space between two changes made part of them:
    "<del>Huma Baqai</del><ins>Foreign Office</ins>", not word against word."""
    opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    merged: list[tuple[str, int, int, int, int]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1 and not "".join(after[j1:j2]).strip()
        if op != "equal" or between_changes:
            if merged and merged[-1][0] == "replace":
                merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
                continue
            op = "replace"
        merged.append((op, i1, i2, j1, j2))
    return merged


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words ``old`` had instead struck out (``<del>``) and the words it adds
    marked (``<ins>``): whole words, so a change never splits a word."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in _word_opcodes(before, after):
        if op == "equal":
            parts.append(escape("".join(after[j1:j2])))
            continue
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        # The spaces around a change stay outside its marks, once.
        spaced = added if added.strip() else removed
        words = spaced.strip()
        parts.append(spaced[: len(spaced) - len(spaced.lstrip())] if words else spaced)
        if removed.strip():
            parts.append(format_html("<del>{}</del>", removed.strip()))
        if added.strip():
            parts.append(format_html("<ins>{}</ins>", added.strip()))
        if words:
            parts.append(spaced[len(spaced.rstrip()) :])
    return format_html_join("", "{}", ((part,) for part in parts))  # each part escaped


@dataclass
class Block:
    """One paragraph or quote of a comparison: ``number`` counts from 1 in the newer version
    (``None`` for one that was removed)."""

    kind: str  # "same", "changed", "added" or "removed"
    number: int | None
    html: SafeString


@dataclass
class Fold:
    """Unchanged paragraphs folded away between changes."""

    blocks: list[Block]


@dataclass
class FieldComparison:
    key: str
    label: str
    changed: bool
    recorded: bool = True  # False: the older version predates keeping this field
    html: SafeString = field(default_factory=SafeString)
    blocks: list[Block | Fold] = field(default_factory=list)


def block_diff(old: list[str], new: list[str]) -> list[Block]:
    """Paragraphs (or quotes) aligned whole, then compared word by word where one was edited."""
    blocks = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks += [Block("same", j + 1, escape(new[j])) for j in range(j1, j2)]
            continue
        pairs = zip_longest(range(i1, i2), range(j1, j2))
        for i, j in pairs:
            if j is None:
                blocks.append(Block("removed", None, format_html("<del>{}</del>", old[i])))
            elif i is None:
                blocks.append(Block("added", j + 1, format_html("<ins>{}</ins>", new[j])))
            else:
                blocks.append(Block("changed", j + 1, word_diff(old[i], new[j])))
    return blocks


def fold_unchanged(blocks: list[Block]) -> list[Block | Fold]:
    """Long runs of unchanged paragraphs (or quotes) fold into one line, keeping one either side of a
    change for context."""
    changed = [i for i, block in enumerate(blocks) if block.kind != "same"]
    near = {
        i
        for c in changed
        for i in range(c - UNCHANGED_SHOWN, c + UNCHANGED_SHOWN + 1)
        if 0 <= i < len(blocks)
    }
    shown: list[Block | Fold] = []
    for i, block in enumerate(blocks):
        if block.kind != "same" or i in near or not changed:
            shown.append(block)
        elif shown and isinstance(shown[-1], Fold):
            shown[-1].blocks.append(block)
        else:
            shown.append(Fold([block]))
    return shown


class _Speakers:
    """The speakers a comparison's quotes name, read in three queries; staff-only pages, but
    an anonymous source is still shown by its description, never its identity."""

    def __init__(self, *contents: dict):
        quotes = [quote for content in contents for quote in content.get("quotes") or []]

        def ids(key):
            return {quote[key] for quote in quotes if quote.get(key)}

        self.people = dict(Source.objects.filter(pk__in=ids("source_id")).values_list("pk", "name"))
        self.institutions = dict(
            Organisation.objects.filter(pk__in=ids("organisation_id")).values_list("pk", "name")
        )
        self.anonymous = dict(
            AnonymousAttribution.objects.filter(pk__in=ids("anonymous_id")).values_list(
                "pk", "description"
            )
        )

    def name(self, quote: dict) -> str:
        if quote.get("anonymous_id"):
            found = self.anonymous.get(quote["anonymous_id"])
            return f"{found} (anonymous)" if found else "a deleted anonymous source"
        if quote.get("organisation_id"):
            return self.institutions.get(quote["organisation_id"], "a deleted institution")
        return self.people.get(quote.get("source_id"), "a deleted person")


def _quote_line(quote: dict, speakers: _Speakers) -> str:
    """A quote as one line: its paragraph (from 1), its speaker and how, and its words."""
    speaker = speakers.name(quote)
    if quote.get("speaker_title"):
        speaker += f", {quote['speaker_title']}"
    how = "said" if quote.get("is_direct") else "reported"
    words = f"“{quote['text']}”" if quote.get("is_direct") else quote["text"]
    context = f" ({quote['context']})" if quote.get("context") else ""
    return f"¶{quote['paragraph'] + 1} · {speaker} {how}{context}: {words}"


def _as_text(content: dict, key: str) -> str:
    value = content.get(key)
    if key == "topics":
        return ", ".join(value or [])
    return value or ""


def compare(old: dict, new: dict) -> list[FieldComparison]:
    """Each field a reader sees in ``old`` and ``new`` (revision contents or ``snapshot``s)."""
    speakers = _Speakers(old, new)
    fields = []
    for key, label in FIELDS:
        if key not in new:
            continue
        if key in BLOCK_FIELDS:
            if key == "body":
                before = body_paragraphs(old.get("body", ""))
                after = body_paragraphs(new.get("body", ""))
            else:
                before = [_quote_line(quote, speakers) for quote in old.get("quotes", [])]
                after = [_quote_line(quote, speakers) for quote in new.get("quotes", [])]
            blocks = block_diff(before, after)
            fields.append(
                FieldComparison(
                    key,
                    label,
                    changed=before != after,
                    blocks=fold_unchanged(blocks),
                )
            )
            continue
        after = _as_text(new, key)
        if key not in old:
            fields.append(
                FieldComparison(key, label, changed=False, recorded=False, html=escape(after))
            )
            continue
        before = _as_text(old, key)
        fields.append(
            FieldComparison(key, label, changed=before != after, html=word_diff(before, after))
        )
    return fields


def html_diff(old: ArticleRevision, new: ArticleRevision) -> str:
    """What changed between two revisions, field by field and word by word."""
    return html_diff_content(
        old.content, new.content, f"Revision {old.number}", f"Revision {new.number}"
    )


def html_diff_content(old: dict, new: dict, old_label: str, new_label: str) -> str:
    fields = compare(old, new)
    return render_to_string(
        "admin/articles/article/_comparison.html",
        {
            "fields": fields,
            "changed": [f.label.lower() for f in fields if f.changed],
            "old_label": old_label,
            "new_label": new_label,
        },
    )
