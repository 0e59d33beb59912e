"""Plain-text views of the sanitised story body.

A quote's position is the index of its paragraph among the body's top-level blocks
(paragraphs, headings, lists, block quotes), so the same numbering serves the admin's sourcing
panel, the importer and the public page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "pre", "figure", "hr"})
BODY_TAGS = {"p", "br", "strong", "em", "a", "h2", "h3", "h4", "ul", "ol", "li", "blockquote"}
BODY_ATTRIBUTES = {"a": {"href", "title"}}
BODY_URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_body(html: str) -> str:
    """Keep only the markup journalists may use; scripts, styles and event handlers go."""
    return nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        url_schemes=BODY_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


class _BlockSplitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0
        self._current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            if self._depth == 0:
                self._flush()
            self._depth += 1
        elif tag in {"br", "li"}:
            self._current.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self._current)).strip()
        if text:
            self.blocks.append(text)
        self._current = []

    def close(self):
        super().close()
        self._flush()


def body_paragraphs(html: str) -> list[str]:
    """The plain text of each top-level block of the body, in order."""
    splitter = _BlockSplitter()
    splitter.feed(html or "")
    splitter.close()
    return splitter.blocks


def paragraphs_to_html(paragraphs: list[str]) -> str:
    from django.utils.html import escape  # noqa: PLC0415

    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
