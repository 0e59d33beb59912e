from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.pagination import UncountedPaginator
from sources.models import Organisation, Quote, Source

PAGE_SIZE = 20


class PersonDetailView(ListView):
    """A person quoted or named on the record, and every public quote of theirs, newest first."""

    template_name = "sources/source_detail.html"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    context_object_name = "quotes"

    def get_queryset(self):
        self.person = get_object_or_404(
            Source.objects.public().select_related("organisation"), slug=self.kwargs["slug"]
        )
        return Quote.objects.public().filter(source=self.person).newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class OrganisationDetailView(ListView):
    """An organisation's statements and what its people said, on or off the record."""

    template_name = "sources/organisation_detail.html"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    context_object_name = "quotes"

    def get_queryset(self):
        self.organisation = get_object_or_404(
            Organisation.objects.public(), slug=self.kwargs["slug"]
        )
        return Quote.objects.public().of_organisation(
            self.organisation, newest=self.quotes_up_to_this_page()
        )

    def quotes_up_to_this_page(self) -> int:
        """How many of the newest quotes this page needs (the paginator reads one more)."""
        try:
            page = max(int(self.request.GET.get(self.page_kwarg, 1)), 1)
        except ValueError:
            page = 1  # the paginator answers 404
        return page * self.paginate_by + 1

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)
