"""Plain-text views of the sanitised story body.

A quote's position is the index of its paragraph among the body's top-level blocks
(paragraphs, headings, lists, block quotes), so the same numbering serves the admin's sourcing
panel, the importer and the public page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from django.utils.html import escape

BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "pre", "hr"})
# Pictures are not paragraphs: a figure placed in the body never shifts the quotes' positions.
SKIPPED_TAGS = frozenset({"figure"})
BODY_TAGS = {
    *("p", "br", "strong", "em", "a", "h2", "h3", "h4", "ul", "ol", "li", "blockquote"),
    *("figure", "figcaption", "img"),
}
BODY_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
BODY_URL_SCHEMES = {"http", "https", "mailto"}


def _library_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Images in a story come from our own image library (its renditions carry no metadata);
    an outside address, a data: URL, a tracking pixel or a path that leads elsewhere on the
    site once decoded is dropped."""
    if tag == "img" and attribute == "src":
        from images.models import library_file_url

        return library_file_url(value)
    return value


_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def sanitise_body(html: str) -> str:
    """Keep only the markup journalists may use; scripts, styles and event handlers go."""
    cleaned = nh3.clean(
        html or "",
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        attribute_filter=_library_images_only,
        url_schemes=BODY_URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}},
    )
    return _IMAGE_WITHOUT_SOURCE.sub("", cleaned).strip()


class _BlockSplitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0
        self._skipping = 0
        self._current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            if self._depth == 0:
                self._flush()
            self._depth += 1
        elif tag in {"br", "li"}:
            self._current.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        elif tag in BLOCK_TAGS and self._depth:
            self._depth -= 1
            if self._depth == 0:
                self._flush()

    def handle_data(self, data):
        if not self._skipping:
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
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
