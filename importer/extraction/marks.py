"""Quotation marks: which spans of a paragraph are quoted.

Curly (“…”) and straight ("…") double marks are paired by one left-to-right scan. Single marks
never open a quotation (GUIDELINES.md): inside a double-quoted span they stay part of its text.
Unclosed marks never raise: they are recovered or ignored, and each case is reported through
``warn`` so that the journalist sees it on the review page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'


@dataclass
class Span:
    open_at: int  # index of the opening mark
    start: int  # first character of the quoted words
    end: int  # one past the last quoted character
    close_at: int | None  # index of the closing mark, None if recovered or continued
    name_like: bool = False  # the quoted name of an event, a document or a thing

    @property
    def block_end(self) -> int:
        """One past the closing mark (or the last quoted character of a recovered quote)."""
        return self.close_at + 1 if self.close_at is not None else self.end


# Where a quote whose closing mark was dropped most likely ends: before its attribution.
_RECOVERY_CUT = re.compile(
    r",[ \u00a0]+(?:(?:said|added|says|told)\b|(?:he|she|they|the \w+|[A-Z][\w'’.-]*)"
    r"(?: [A-Z][\w'’.-]*){0,3} (?:said|added|says|told)\b)"
)


def _looks_opening(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not (after.isspace() or after in ",.;:!?)")


def scan(paragraph: str, next_paragraph: str, number: int, warn: Callable[[str], None]):
    """The quoted spans of one paragraph, in order.

    A stray closing mark is ignored. An opening mark that is never closed is, in order: a quote
    continued into the next paragraph (the wire convention: the next paragraph opens again), a
    quote whose closing mark was dropped before its attribution ("“Now we have four, said Halima
    Wario"), or a stray mark that is left in the text. ``number`` is the paragraph as people
    count it, from 1.
    """
    spans: list[Span] = []
    open_at: int | None = None
    open_style = ""
    reopened = next_paragraph[:1] != "" and next_paragraph[:1] in OPENERS + STRAIGHT

    def unclosed(at: int, limit: int) -> None:
        starts_paragraph = not paragraph[:at].strip()
        cut = _RECOVERY_CUT.search(paragraph, at + 1, limit)
        if limit == len(paragraph) and reopened and (starts_paragraph or not cut):
            spans.append(Span(at, at + 1, len(paragraph.rstrip()), None))
            return
        if cut:
            spans.append(Span(at, at + 1, cut.start() + 1, None))
            warn(
                f"Paragraph {number}: an opening quotation mark is never closed; "
                "the quote was ended at its attribution."
            )
        elif starts_paragraph and limit == len(paragraph):
            spans.append(Span(at, at + 1, len(paragraph.rstrip()), None))
            warn(
                f"Paragraph {number}: an opening quotation mark is never closed; "
                "the quote was taken to run to the end of the paragraph."
            )
        else:
            warn(f"Paragraph {number}: an opening quotation mark is never closed; it was ignored.")

    def stray() -> None:
        warn(f"Paragraph {number}: a closing quotation mark has no opening mark; it was ignored.")

    for index, char in enumerate(paragraph):
        if char in OPENERS:
            if open_at is not None:
                unclosed(open_at, index)
            open_at, open_style = index, "curly"
        elif char in CLOSERS:
            if open_at is not None and open_style == "curly":
                spans.append(Span(open_at, open_at + 1, index, index))
                open_at = None
            elif open_at is None:
                stray()
        elif char == STRAIGHT:
            if open_at is None:
                if _looks_opening(paragraph, index):
                    open_at, open_style = index, "straight"
                else:
                    stray()
            elif open_style == "straight":
                spaced = index > open_at + 1 and paragraph[index - 1].isspace()
                if spaced and _looks_opening(paragraph, index):
                    unclosed(open_at, index)
                    open_at = index
                    continue
                spans.append(Span(open_at, open_at + 1, index, index))
                open_at = None
            # a straight mark inside a curly quote is a nested quotation: leave it
    if open_at is not None:
        unclosed(open_at, len(paragraph))
    for span in spans:
        span.name_like = is_name_like(paragraph, span)
    return spans


_SMALL_WORDS = frozenset(
    [
        "of",
        "on",
        "for",
        "the",
        "and",
        "in",
        "a",
        "an",
        "to",
        "at",
        "by",
        "with",
        "from",
        "de",
        "la",
        "le",
    ]
)
_NAMING_WORDS = frozenset(
    [
        "so-called",
        "dubbed",
        "titled",
        "entitled",
        "nicknamed",
        "named",
        "designation",
        "designated",
        "renamed",
    ]
)


def is_name_like(paragraph: str, span: Span) -> bool:
    """A quoted span that names something rather than quoting words: "so-called “Accord”",
    “Fair Pay for Rail”, the case “Eva Glawischnig-Piesczek vs. Facebook Ireland Limited”."""
    content = paragraph[span.start : span.end].strip()
    if (
        paragraph[span.open_at - 1 : span.open_at] == "("
        and paragraph[span.block_end : span.block_end + 1] == ")"
    ):
        return True  # a gloss in parentheses: "an anti-Brexit (“British exit”) march"
    words_before = paragraph[max(0, span.open_at - 80) : span.open_at].lower().split()[-6:]
    naming = any(word.strip(",") in _NAMING_WORDS for word in words_before)
    if naming or " ".join(words_before).endswith(("the case", "known as", "so-called")):
        return True  # "named the virus that causes it “…”", "nicknamed the “…”"
    core = content.rstrip(".,!?;:")
    if (
        core
        and " " not in core
        and (any(char.isdigit() for char in core) or any(char.isupper() for char in core[1:]))
    ):
        return True  # a term or a code, not words: “COVID-19”, “2019-nCoV.”
    if not content or content[-1] in ".,!?;:" or len(content) > 60:
        return False
    words = content.split()
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    return (
        bool(significant)
        and all(word[:1].isupper() or word[:1].isdigit() for word in significant)
        and (len(significant) >= 2 or words[0][:1].isupper() and span.open_at > 0)
    )
