"""Input checks and the split of a plain-text story into its dateline and paragraphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_STORY_CHARS = 200_000
"""Longest story accepted, in characters. Longer input is almost certainly not one story."""


class ExtractionError(ValueError):
    """The input cannot be treated as a story (empty, binary, or too long)."""


@dataclass(frozen=True)
class Story:
    """A story split into paragraphs.

    ``paragraphs`` are the paragraphs as written (the first one still starts with the dateline);
    ``body`` is the same list with the dateline removed from the first paragraph. Indices are the
    same in both.
    """

    dateline: str | None
    paragraphs: list[str]
    body: list[str]

    @property
    def lead(self) -> str:
        """The first paragraph without its dateline."""
        return self.body[0] if self.body else ""


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\u3000]*\n")
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_DATELINE = re.compile(
    # the place, in capitals: "ISLAMABAD", "WASHINGTON, D.C.", "SÃO PAULO"
    r"([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’]*(?:[ ,]{1,3}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’]*){0,4})"
    # a region or country: "KYIV, Ukraine", "GARY, Ind."
    r"(?:,[ \u00a0][A-Z][a-z.]+(?:[ \u00a0][A-Z][a-z.]+)?)?"
    # a date: "LONDON, March 3"
    r"(?:,?[ \u00a0](?:" + _MONTHS + r")[a-z]*\.?[ \u00a0][0-9]{1,2})?"
    # an agency: "(Reuters)", "(AP)"
    r"(?:[ \u00a0]?\([A-Za-z-]{1,12}\))?"
    r"[ \t\u00a0]*[-–—]{1,2}[ \t\u00a0]+"
)
_DATELINE_WINDOW = 80


def check_text(text: str) -> str:
    """The text without a byte-order mark, or ExtractionError saying why it is not a story."""
    if not isinstance(text, str):
        raise ExtractionError(f"Expected the story as text (str), got {type(text).__name__}.")
    if len(text) > MAX_STORY_CHARS:
        raise ExtractionError(
            f"The story is {len(text):,} characters long; the limit is {MAX_STORY_CHARS:,}."
        )
    if "\x00" in text:
        raise ExtractionError("The input contains NUL bytes: it looks like binary data, not text.")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ExtractionError("The story is empty.")
    controls = sum(
        1 for char in text if char not in "\n\r\t\f" and unicodedata.category(char) == "Cc"
    )
    if controls > max(8, len(text) // 20):
        raise ExtractionError(
            f"The input has {controls} control characters: it does not look like text."
        )
    if not any(char.isalpha() for char in text):
        raise ExtractionError("The text has no words: it does not look like a story.")
    return text


_SENTENCE_END = re.compile(r"[.!?:…][\"”’')\]]*$")


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def paragraphs_of_lines(lines: list[str]) -> list[str]:
    """Paragraphs of text pasted without blank lines between them.

    Two kinds of copy arrive this way: wire copy, one line per paragraph, where nearly every
    line ends a sentence; and hard-wrapped text, where most lines stop mid-sentence at a fixed
    width. A line that stops mid-sentence always continues on the next. A line that ends a
    sentence ends its paragraph in wire copy; in hard-wrapped text only if the next line's
    first word would still have fitted on it (the writer broke the line, not the width), or
    the next line is indented. A word hyphenated across lines is joined without a space.
    """
    lines = [line.rstrip() for line in lines if line.strip()]
    if not lines:
        return []
    inner = lines[:-1]
    hard_wrapped = sum(not _ends_sentence(line) for line in inner) * 3 > len(inner)
    width = max(len(line.strip()) for line in lines)
    paragraphs, current = [], ""
    for index, line in enumerate(lines):
        words = line.strip()
        if not current:
            current = words
        elif current.endswith("-") and current[-2:-1].isalpha() and words[:1].isalpha():
            current += words
        else:
            current += " " + words
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is None:
            break
        if not _ends_sentence(words):
            continue
        next_word = following.split()[0]
        would_fit = len(words) + 1 + len(next_word) <= width
        if not hard_wrapped or would_fit or following[:1].isspace():
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def split_story(text: str) -> Story:
    """Split a plain-text story into its dateline and paragraphs.

    Line endings are normalised, a byte-order mark is dropped, and paragraphs are separated by
    blank lines, the lines of each joined. Text with no blank line at all is split by its lines
    (``paragraphs_of_lines``). The dateline is the upper-case place name and dash that open the story
    ("ISLAMABAD - ", "NEW DELHI – ", "WASHINGTON, D.C. — "), possibly with a region or country, a
    date and an agency ("KYIV, Ukraine — ", "LONDON, March 3 (Reuters) - "), of which only the
    place is kept; it is ``None`` when there is none.
    """
    text = check_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [chunk for chunk in _PARAGRAPH_BREAK.split(text.strip()) if chunk.strip()]
    if len(chunks) == 1:
        paragraphs = paragraphs_of_lines(chunks[0].split("\n"))
    else:
        paragraphs = []
        for chunk in chunks:
            paragraph = " ".join(line.strip() for line in chunk.split("\n") if line.strip())
            if paragraph:
                paragraphs.append(paragraph)
    if not paragraphs:
        raise ExtractionError("The story is empty.")
    dateline = None
    body = list(paragraphs)
    match = _DATELINE.match(paragraphs[0][:_DATELINE_WINDOW])
    if match and sum(char.isalpha() for char in match.group(1)) >= 2:
        dateline = match.group(1).strip(" ,")
        body[0] = paragraphs[0][match.end() :]
    return Story(dateline=dateline, paragraphs=paragraphs, body=body)
