"""Words and sentences of a paragraph, with every quotation standing as one token.

The attribution rules only ever look at the writer's own words: a quoted span, whatever it
contains, is a single ``Token`` whose ``quote`` is the span's index. Offsets are kept, so that a
reported clause is cut from the paragraph verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from importer.extraction import lexicon
from importer.extraction.marks import Span

# "U.S.", "A.M."; words with inner hyphens, dots or ampersands ("al-Assad", "News.com.au",
# "AT&T") and inner apostrophes ("don't", "he'd"); a possessive "'s" on its own; any other mark.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|\d+(?::\d+)+"
    r"|\w+(?:[-&.]\w+)*(?:['’](?![sS]\b)\w+)*"
    r"|['’][sS]\b"
    r"|[^\w\s]"
)
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")
ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "capt",
        "sgt",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "fig",
        "rev",
    ]
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    quote: int | None = None  # the index of the quoted span this token stands for

    @cached_property
    def lower(self) -> str:
        """The word in lower case, for comparing with word lists; an acronym stays as written,
        so that "WHO" is never the relative pronoun nor "US" the object pronoun."""
        text = self.text
        if len(text) > 1 and text.isupper() and text.isalpha():
            return text
        return text.lower()

    @property
    def is_word(self) -> bool:
        return self.quote is None and self.text[:1].isalnum()

    @property
    def is_capitalised(self) -> bool:
        if self.quote is not None:
            return False
        text = self.text
        prefix, hyphen, rest = text.partition("-")
        if hyphen and rest and prefix.lower() in ("al", "el", "ad", "as", "ash", "bin", "abu"):
            text = rest  # "al-Assad", "el-Sisi"
        return text[:1].isupper()


def tokenize(paragraph: str, spans: list[Span]) -> list[Token]:
    """The paragraph's words and marks, each quoted span (marks included) as one token."""
    tokens: list[Token] = []
    position = 0
    for index, span in enumerate(spans):
        tokens.extend(_words(paragraph, position, span.open_at))
        tokens.append(Token("“Q”", span.open_at, span.block_end, index))
        position = span.block_end
    tokens.extend(_words(paragraph, position, len(paragraph)))
    return tokens


def _words(paragraph: str, start: int, end: int) -> list[Token]:
    return [
        Token(match.group(), match.start(), match.end())
        for match in _TOKEN.finditer(paragraph, start, end)
    ]


def split_sentences(
    tokens: list[Token], paragraph: str, spans: list[Span]
) -> list[tuple[int, int]]:
    """Sentence boundaries as (first token, one past the last token).

    A sentence ends at ".", "!" or "?" (not after an abbreviation or an initial) or at a quotation
    that itself ends with one, when a capitalised word, a number or a quotation follows; a
    semicolon ends a sentence too, since no attribution reaches across it.
    """
    bounds = []
    first = 0
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        ends = False
        if token.quote is not None:
            content = paragraph[spans[token.quote].start : spans[token.quote].end]
            content = content.rstrip().rstrip("]) '’")  # "… may say[.]" ends a sentence too
            ends = content[-1:] in (".", "!", "?") and _starts_sentence(following)
        elif token.text == ";":
            ends = True
        elif _DOTTED.fullmatch(token.text):
            # "… Washington, D.C. They also stated …": the abbreviation's full stop ends the
            # sentence when a word that opens clauses follows, never a name ("U.S. Army")
            ends = following.text[:1].isupper() and following.lower in lexicon.CLAUSE_STARTERS
        elif token.text in ".!?":
            previous = tokens[index - 1].lower if index else ""
            abbreviation = previous in ABBREVIATIONS or (
                len(previous) == 1 and previous.isalpha() and following.quote is None
            )
            ends = not abbreviation and _starts_sentence(following)
        if ends:
            bounds.append((first, index + 1))
            first = index + 1
    if first < len(tokens):
        bounds.append((first, len(tokens)))
    return bounds


def _starts_sentence(token: Token) -> bool:
    return token.quote is not None or token.text[:1].isupper() or token.text[:1].isdigit()
