"""Pagination without counting: "Newer" and "Older" links instead of "Page N of M".

Django's ``Paginator`` counts every row it pages through, on every request; at 100,000 stories
the count costs more than the page. ``UncountedPaginator`` fetches one row more than a page to
know whether an older page exists, and still raises ``EmptyPage`` (a 404 from ``ListView``) for
a page past the end.

Every paginated public list reads its page number with ``requested_page`` (through
``UncountedListMixin``): anything but a plain number from 1 to ``MAX_PAGE`` is a 404. Python's
``int()`` also takes ``" 2"``, ``"2_0"``, Arabic-Indic digits and numbers too large for the
database's OFFSET (a 500), and Django's ``ListView`` takes ``"last"``, which would count.

The index pages (people, organisations, topics) go a letter at a time (``LetterIndexMixin``),
each letter paged the same way.
"""

from __future__ import annotations

import re

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import Http404

from newsroom.expressions import INDEX_COUNT_CAP

# 2,000,000 items at 20 a page: deeper than any list of ours, far from overflowing an OFFSET.
MAX_PAGE = 100_000
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def requested_page(request, name: str = "page") -> int:
    """The page of a public list the request asks for: 1 when it names none; a 404 for a number
    that cannot be a page (malformed, 0, negative or absurdly large)."""
    value = request.GET.get(name) or "1"
    if not _PAGE_NUMBER.fullmatch(value) or int(value) > MAX_PAGE:
        raise Http404("No such page.")
    return int(value)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class UncountedPaginator(Paginator):
    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return UncountedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class UncountedListMixin:
    """For a ``ListView`` or date archive: pages through ``UncountedPaginator``, reading the page
    number with ``requested_page``."""

    paginator_class = UncountedPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        try:
            page = paginator.page(requested_page(self.request, self.page_kwarg))
        except InvalidPage as error:
            raise Http404(f"No such page: {error}") from error
        return paginator, page, page.object_list, page.has_other_pages()


# An index's letters, by the first character of the slug: a to z, then everything else (names
# that begin with a digit, say) under OTHERS.
LETTERS = tuple("abcdefghijklmnopqrstuvwxyz")
OTHERS = "0-9"


def requested_letter(request) -> str:
    """The letter of an index the request asks for: "a" when it names none; a 404 for anything
    that is not one of ``LETTERS`` or ``OTHERS``."""
    value = request.GET.get("letter") or LETTERS[0]
    if value not in LETTERS and value != OTHERS:
        raise Http404("No such letter.")
    return value


def slug_starts_with_q(letter: str) -> Q:
    """Rows whose slug starts with ``letter``: a prefix of the slug's unique index."""
    if letter == OTHERS:
        return ~Q(slug__regex=r"^[a-z]")
    return Q(slug__startswith=letter)


class LetterIndexMixin(UncountedListMixin):
    """For a ``ListView`` of things with a public page: one letter (``?letter=b``) at a time, in
    slug order, paged (``?letter=b&page=2``) without counting. ``get_index_queryset`` gives
    everything the index may list."""

    paginate_by = 50

    def get_queryset(self):
        self.letter = requested_letter(self.request)
        return self.get_index_queryset().filter(slug_starts_with_q(self.letter)).order_by("slug")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letter=self.letter, letters=(*LETTERS, OTHERS), count_cap=INDEX_COUNT_CAP, **kwargs
        )
