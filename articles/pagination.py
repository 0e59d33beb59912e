"""Pagination without counting: "Newer" and "Older" links instead of "Page N of M".

Django's ``Paginator`` counts every row it pages through, on every request; at 100,000 stories
the count costs more than the page. ``UncountedPaginator`` fetches one row more than a page to
know whether an older page exists, and still raises ``EmptyPage`` (a 404 from ``ListView``) for
a page past the end.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


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
