"""The pre-publication checklist: the named checks a desk expects before a story goes out.

Each check finds the problems of one kind in a story. Some always block, whatever the newsroom
decides: a quote missing from the body (a speaker's page would show words the story never
reported), a lead image without alt text or credit, a confidential identity named in a quote.
Whether each of the others blocks or only warns is the newsroom's setting (``DeskChecks``,
"Desk checks" in the admin). The approve, publish and schedule pages show the checklist
(``run``); ``articles.workflow`` refuses those actions while a blocking check fails
(``require_passing``), so the rule holds for admin actions, commands and forged forms alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from articles.models import Article, DeskChecks
from articles.sourcing import quote_problems
from images.models import Image

PASS, WARN, BLOCK = "pass", "warn", "block"

STRAIGHT_QUOTES = re.compile(r"[\"']")
IMPORTED_MARKER = re.compile(r"\(\s*imported\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    """``name`` is also the ``DeskChecks`` field holding its level; ``None`` for a check that
    always blocks."""

    name: str
    label: str
    find: Callable[[Article, DeskChecks], list[str]]
    setting: str | None = None


@dataclass(frozen=True)
class Result:
    check: Check
    level: str  # PASS, WARN or BLOCK
    problems: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.check.label


def _headline_and_text(article: Article, desk: DeskChecks) -> list[str]:
    problems = []
    if not article.headline.strip():
        problems.append("The story has no headline.")
    if not article.paragraphs():
        problems.append("The story has no text.")
    return problems


def _quotes_in_body(article: Article, desk: DeskChecks) -> list[str]:
    return quote_problems(article)


def _lead_image(article: Article, desk: DeskChecks) -> list[str]:
    if not article.lead_image_id:
        return []
    return article.lead_image.publishing_problems(role="lead image")


def _no_confidential_identity(article: Article, desk: DeskChecks) -> list[str]:
    return article.confidential_speaker_problems()


def _section(article: Article, desk: DeskChecks) -> list[str]:
    return [] if article.section_id else ["Choose the section the story belongs to."]


def _dek(article: Article, desk: DeskChecks) -> list[str]:
    return [] if article.dek.strip() else ["Write a dek: one sentence under the headline."]


def _headline_length(article: Article, desk: DeskChecks) -> list[str]:
    length = len(article.headline.strip())
    if length < desk.headline_min_length:
        return [
            f"The headline has {length} characters; the desk asks for at least "
            f"{desk.headline_min_length}."
        ]
    if length > desk.headline_max_length:
        return [
            f"The headline has {length} characters; the desk allows at most "
            f"{desk.headline_max_length}."
        ]
    return []


def _imported_marker(article: Article, desk: DeskChecks) -> list[str]:
    if IMPORTED_MARKER.search(article.headline):
        return ["The headline still says “(imported)”: remove the marker."]
    return []


def _excerpt(text: str, at: int) -> str:
    start = max(at - 25, 0)
    return ("…" if start else "") + text[start : at + 25].strip() + "…"


def _straight_quotes(article: Article, desk: DeskChecks) -> list[str]:
    places = [("headline", article.headline), ("dek", article.dek)]
    places += [(f"paragraph {number}", text) for number, text in enumerate(article.paragraphs(), 1)]
    problems = []
    for where, text in places:
        found = STRAIGHT_QUOTES.search(text or "")
        if found:
            problems.append(
                f"Straight quotation mark in the {where} (“{_excerpt(text, found.start())}”): "
                "use “…”, ‘…’ or ’."
            )
    return problems


def _byline(article: Article, desk: DeskChecks) -> list[str]:
    if article.byline_text.strip() or (article.pk and article.authors.exists()):
        return []
    return ["Add a staff byline or a free-text one, e.g. “Our Staff Reporter”."]


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources += [value for name, value in attrs if name == "src" and value]


def body_images(article: Article) -> list[Image]:
    """The library images the body shows, by their originals' or renditions' files (a body
    keeps only library addresses: ``articles.text.sanitise_body``)."""
    parser = _ImageSources()
    parser.feed(article.body or "")
    parser.close()
    media = settings.MEDIA_URL
    if "://" not in media:
        media = "/" + media.lstrip("/")
    names = [src.removeprefix(media) for src in parser.sources if src.startswith(media)]
    if not names:
        return []
    return list(
        Image.objects.filter(Q(file__in=names) | Q(renditions__file__in=names))
        .distinct()
        .order_by("pk")
    )


def _images_credited(article: Article, desk: DeskChecks) -> list[str]:
    return [
        f"The body image “{image}” has no credit. Add the photographer or agency in the "
        "image library, e.g. “Reuters/Jane Doe”."
        for image in body_images(article)
        if not image.credit.strip()
    ]


CHECKS: list[Check] = [
    Check("text", "Headline and text", _headline_and_text),
    Check("quotes", "Every quote is in the body", _quotes_in_body),
    Check("lead_image", "Lead image described and credited", _lead_image),
    Check("confidential", "No confidential identity named", _no_confidential_identity),
    Check("section", "Section set", _section, setting="section"),
    Check("dek", "Dek present", _dek, setting="dek"),
    Check("headline_length", "Headline length", _headline_length, setting="headline_length"),
    Check(
        "imported_marker", "No “(imported)” in the headline", _imported_marker, "imported_marker"
    ),
    Check("straight_quotes", "Typographic quotation marks", _straight_quotes, "straight_quotes"),
    Check("byline", "Byline", _byline, setting="byline"),
    Check("images_credited", "Body images credited", _images_credited, "images_credited"),
]


#: The checks whose level the desk sets, by their ``DeskChecks`` field.
SETTINGS = [check.setting for check in CHECKS if check.setting is not None]


def run(article: Article, *, desk: DeskChecks | None = None) -> list[Result]:
    """Every check, in the checklist's order, with its level for this story now."""
    desk = desk or DeskChecks.load()
    results = []
    for check in CHECKS:
        problems = tuple(check.find(article, desk))
        if not problems:
            level = PASS
        elif check.setting is None:
            level = BLOCK
        else:
            level = getattr(desk, check.setting)
        results.append(Result(check, level, problems))
    return results


def require_passing(article: Article, *, doing: str) -> None:
    """Raise, naming each failing check, while a check the desk set to block fails.

    The checks that always block are enforced where they always were (approval checks the
    quotes, publication ``Article.publishing_problems``), so only the desk's choices are
    added here; ``doing`` completes "cannot be …", e.g. "approved"."""
    desk = DeskChecks.load()
    refusals = [
        f"“{article}” cannot be {doing}: the desk check “{check.label}” blocks it. {problems[0]}"
        for check in CHECKS
        if check.setting is not None and getattr(desk, check.setting) == BLOCK
        for problems in [check.find(article, desk)]
        if problems
    ]
    if refusals:
        raise ValidationError(refusals)
