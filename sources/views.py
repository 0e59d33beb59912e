from django.http import Http404
from django.utils import timezone
from django.views.generic import ListView

from articles import pages
from articles.pagination import UncountedListMixin, requested_page

PAGE_SIZE = 20


class QuoteListView(UncountedListMixin, ListView):
    """A list of quotes, newest story first: each page is one prepared query (``pages``)."""

    paginate_by = PAGE_SIZE
    context_object_name = "quote_rows"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quotes"] = [pages.QuoteItem.from_row(row) for row in context["object_list"]]
        return context


class PersonDetailView(QuoteListView):
    """A person quoted or named on the record, and every public quote of theirs, newest first."""

    template_name = "sources/source_detail.html"

    def get_queryset(self):
        found = pages.person_quotes(self.kwargs["slug"], now=timezone.now())
        if found is None:
            raise Http404("No such person in our public stories.")
        self.person, quotes = found
        return quotes

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class OrganisationDetailView(QuoteListView):
    """An organisation's statements and what its people said, on or off the record."""

    template_name = "sources/organisation_detail.html"

    def get_queryset(self):
        found = pages.institution_quotes(
            self.kwargs["slug"], now=timezone.now(), newest=self.quotes_up_to_this_page()
        )
        if found is None:
            raise Http404("No such organisation in our public stories.")
        self.organisation, quotes = found
        return quotes

    def quotes_up_to_this_page(self) -> int:
        """How many of the newest quotes this page needs (the paginator reads one more)."""
        return requested_page(self.request, self.page_kwarg) * self.paginate_by + 1

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)
