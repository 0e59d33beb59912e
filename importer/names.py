"""The usual form of a name the story gave in its own words, proposed for the source registry.

A story says "the finance ministry" and "Dr Huma Baqai"; the registry, whose names readers see on
every page that person or body appears on, says "Finance Ministry" and "Huma Baqai" (honorific
"Dr"). The journalist reviews and may change what is proposed here before anything is saved.
"""

from __future__ import annotations

import re

from importer.extraction.lexicon import HONORIFICS

# Words kept in lower case inside a name ("Ministry of Foreign Affairs", "Bank for
# International Settlements"), unless they open it.
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "de", "del", "der", "des", "di", "du", "for", "in"}
    | {"la", "le", "of", "on", "or", "the", "to", "van", "von", "y"}
)
LEADING_ARTICLES = frozenset({"the", "a", "an"})


def _capitalised(word: str) -> str:
    """A lower-case word with a capital, each part of a hyphenated one too ("Inter-Services")."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def usual_organisation_name(words: str) -> str:
    """The name of a body as the registry shows it: "the finance ministry" → "Finance Ministry".

    The leading article goes; lower-case words take a capital except small words inside the
    name ("Ministry of Foreign Affairs"); a word the story already wrote with a capital is kept
    as written ("WHO", "McKinsey", "U.S.").
    """
    tokens = words.split()
    while len(tokens) > 1 and tokens[0].lower() in LEADING_ARTICLES:
        tokens = tokens[1:]
    usual = []
    for index, token in enumerate(tokens):
        kept = token != token.lower() or (index and token in SMALL_WORDS)
        if kept:
            usual.append(token)
        else:
            usual.append(_capitalised(token))
    return " ".join(usual)


def usual_person_name(name: str) -> tuple[str, str]:
    """``(honorific, name)``: the honorific split off ("Dr Huma Baqai" → "Dr", "Huma Baqai"),
    and a name written all in lower or all in upper case given capitals ("HUMA BAQAI")."""
    tokens = name.split()
    honorifics = []
    while len(tokens) > 1 and tokens[0].lower() in HONORIFICS:
        honorifics.append(tokens.pop(0).rstrip("."))
    if tokens and (name == name.lower() or name == name.upper()):
        tokens = [_capitalised(token.lower()) for token in tokens]
    return " ".join(honorifics), " ".join(tokens)


def honorific_in_text(name: str, text: str) -> str:
    """The honorific the story puts before ``name`` ("Dr Huma Baqai", "Mr. Tong"), if any: the
    extractor drops it from the name, and the registry keeps it apart."""
    if not name:
        return ""
    honorific = "|".join(
        re.escape(word) for word in sorted({w.rstrip(".") for w in HONORIFICS}, key=len)[::-1]
    )
    match = re.search(rf"\b({honorific})\.?\s+{re.escape(name)}\b", text, re.IGNORECASE)
    return _capitalised(match.group(1).lower()) if match else ""
