"""Keyset (cursor) pagination for the API's lists, and the query-string errors it can raise.

A cursor is the ordering values of the last item of a page, opaque to clients (base64 JSON). The
next page starts strictly after them, so it costs the same index read however deep a partner
pages, and a story published meanwhile never shifts an item onto two pages, as OFFSET would.
"""

from __future__ import annotations

import base64
import binascii
import json
import operator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from django.db.models import Q

DEFAULT_LIMIT = 20
MAX_LIMIT = 50


class BadRequest(ValueError):
    """A filter, cursor or limit the API cannot use; its message is shown to the client."""


@dataclass(frozen=True)
class Ordering:
    """The fields a list is ordered by, each ``(name, descending)``, unique as a whole."""

    keys: tuple[tuple[str, bool], ...]

    def order_by(self) -> list[str]:
        return [f"-{name}" if descending else name for name, descending in self.keys]

    def after(self, values: list) -> Q:
        """Rows strictly after the row with these ordering values."""
        later = []
        equal = Q()
        for (name, descending), value in zip(self.keys, values, strict=True):
            later.append(equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value}))
            equal &= Q(**{name: value})
        return reduce(operator.or_, later)

    def cursor(self, values: list) -> str:
        plain = [value.isoformat() if isinstance(value, datetime) else value for value in values]
        return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")

    def read_cursor(self, cursor: str) -> list:
        """The ordering values a cursor holds; ``BadRequest`` for anything this API did not make."""
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            values = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError
            return [datetime.fromisoformat(values[0]), *map(_integer, values[1:])]
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise BadRequest(
                "The cursor is not one this API gave; follow the `next` link as it is."
            ) from error


def _integer(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(value)
    return value


def read_limit(text: str | None) -> int:
    if text is None:
        return DEFAULT_LIMIT
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise BadRequest(f"`limit` must be a whole number from 1 to {MAX_LIMIT}.")
    return int(text)


@dataclass
class Page:
    rows: list
    next_cursor: str | None


def keyset_page(queryset, ordering: Ordering, *, cursor: str | None, limit: int, values) -> Page:
    """``limit`` rows of ``queryset`` after ``cursor``, and the cursor of the page after them
    (None on the last page). ``values(row)`` gives a row's ordering values."""
    if cursor:
        queryset = queryset.filter(ordering.after(ordering.read_cursor(cursor)))
    rows = list(queryset.order_by(*ordering.order_by())[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows=rows, next_cursor=ordering.cursor(values(rows[-1])) if more else None)
