from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils import timezone
from django.views.generic import ListView

from newsroom.pagination import LetterIndexMixin, UncountedListMixin, requested_page
from sources.models import Mention, Organisation, Quote, Source

PAGE_SIZE = 20


class QuoteListView(UncountedListMixin, ListView):
    """A person's or an organisation's public quotes, newest story first, and on the first page
    the newest public stories that name them without quoting them."""

    paginate_by = PAGE_SIZE
    context_object_name = "quotes"
    owner_name: str  # the template's name for the person or organisation
    mention_field: str  # the mention's field that names them

    def get_queryset(self):
        self.now = timezone.now()
        try:
            self.owner = self.owners(now=self.now).get(slug=self.kwargs["slug"])
        except ObjectDoesNotExist as error:
            raise Http404(f"No such {self.owner_name} in our public stories.") from error
        return self.quotes(Quote.objects.public(now=self.now))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**{self.owner_name: self.owner}, **kwargs)
        named_in = []
        if context["page_obj"] is None or context["page_obj"].number == 1:
            stories = Mention._meta.get_field("article").related_model.objects
            named_in = (
                stories.published(now=self.now)
                .filter(**{f"mentions__{self.mention_field}": self.owner})
                .newest_first()
                .only("headline", "slug", "published_at")[:PAGE_SIZE]
            )
        context["named_in_stories"] = named_in
        return context


class PersonDetailView(QuoteListView):
    """A person quoted or named on the record, and every public quote of theirs, newest first."""

    template_name = "sources/source_detail.html"
    owner_name = "person"
    mention_field = "source"

    def owners(self, *, now):
        return Source.objects.public(now=now).select_related("organisation")

    def quotes(self, public_quotes):
        return public_quotes.filter(source=self.owner).newest_first()


class OrganisationDetailView(QuoteListView):
    """An organisation's statements and what its people said, on or off the record."""

    template_name = "sources/organisation_detail.html"
    owner_name = "organisation"
    mention_field = "organisation"

    def owners(self, *, now):
        return Organisation.objects.public(now=now)

    def quotes(self, public_quotes):
        return public_quotes.of_organisation(self.owner, newest=self.quotes_up_to_this_page())

    def quotes_up_to_this_page(self) -> int:
        """How many of the newest quotes this page needs (the paginator reads one more)."""
        return requested_page(self.request, self.page_kwarg) * self.paginate_by + 1


class PersonListView(LetterIndexMixin, ListView):
    """Everyone quoted on the record or named in a public story, a letter at a time, with their
    quotes and mentions counted; anonymous sources are never people here."""

    template_name = "sources/source_list.html"
    context_object_name = "people"

    def get_index_queryset(self):
        return Source.objects.for_index()


class OrganisationListView(LetterIndexMixin, ListView):
    """Every organisation that speaks, employs a quoted person or is named in a public story."""

    template_name = "sources/organisation_list.html"
    context_object_name = "organisations"

    def get_index_queryset(self):
        return Organisation.objects.for_index()
