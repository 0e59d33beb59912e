"""Validators for text that editors type into short, one-line fields."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Characters that reorder or hide text (Trojan-Source style bidi overrides, zero-width spaces,
# byte-order marks). ZWNJ/ZWJ (U+200C/D) and the LRM/RLM marks stay allowed: Urdu and mixed
# right-to-left text need them.
INVISIBLE_OR_REORDERING = {
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    *range(0x2066, 0x206A),  # LRI, RLI, FSI, PDI
    0x200B,  # zero-width space
    0x2060,  # word joiner
    0xFEFF,  # byte-order mark / zero-width no-break space
}


@deconstructible
class PlainLineValidator:
    """Reject control characters (NUL, newlines, escapes), bidi overrides and zero-width
    characters in a one-line field such as a headline or a name."""

    message = (
        "Remove the invisible or control character at position %(position)s (%(name)s); "
        "it can hide or reorder text."
    )
    code = "invisible_character"

    def __call__(self, value: str) -> None:
        for position, char in enumerate(value or "", start=1):
            if ord(char) in INVISIBLE_OR_REORDERING or unicodedata.category(char) in {
                "Cc",
                "Cs",
                "Co",
            }:
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                raise ValidationError(
                    self.message,
                    code=self.code,
                    params={"position": position, "name": name},
                )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainLineValidator)


validate_plain_line = PlainLineValidator()
