"""Pagination without counting: "Newer" and "Older" links instead of "Page N of M".

Django's ``Paginator`` counts every row it pages through, on every request; at 100,000 stories
the count costs more than the page. ``UncountedPaginator`` fetches one row more than a page to
know whether an older page exists, and still raises ``EmptyPage`` (a 404 from ``ListView``) for
a page past the end.

Every paginated public list reads its page number with ``requested_page`` (through
``UncountedListMixin``): anything but a plain number from 1 to ``MAX_PAGE`` is a 404. Python's
``int()`` also takes ``" 2"``, ``"2_0"``, Arabic-Indic digits and numbers too large for the
database's OFFSET (a 500), and Django's ``ListView`` takes ``"last"``, which would count.
"""

from __future__ import annotations

import re

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.http import Http404

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
