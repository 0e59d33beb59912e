from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Section, TaggedArticle, Topic
from articles.querysets import live_q
from sources.models import Quote

PAGE_SIZE = 20


class HomeView(ListView):
    template_name = "articles/home.html"
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        quotes = Quote.objects.select_related(
            "source__organisation", "organisation", "anonymous"
        ).in_story_order()
        return (
            Article.objects.published()
            .select_related("section")
            .prefetch_related("authors", "topics", Prefetch("quotes", queryset=quotes))
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["speakers"] = speakers_in_order(self.object.quotes.all())
        return context


def speakers_in_order(quotes):
    """Each speaker once, in order of first appearance, with what readers may know of them."""
    seen = {}
    for quote in quotes:
        key = (quote.source_id, quote.organisation_id, quote.anonymous_id)
        if key not in seen:
            seen[key] = {"name": quote.attribution(), "url": quote.speaker_url(), "quotes": []}
        seen[key]["quotes"].append(quote)
    return list(seen.values())


class TopicDetailView(ListView):
    template_name = "articles/topic_detail.html"
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        public_use = TaggedArticle.objects.filter(live_q("content_object__"), tag=OuterRef("pk"))
        self.topic = get_object_or_404(
            Topic.objects.filter(Exists(public_use)), slug=self.kwargs["slug"]
        )
        return Article.objects.published().filter(topics=self.topic).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class SectionDetailView(ListView):
    template_name = "articles/section_detail.html"
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().filter(section=self.section).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class AuthorDetailView(ListView):
    template_name = "articles/author_detail.html"
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        public_bylines = Article.objects.published().filter(authors=OuterRef("pk"))
        self.author = get_object_or_404(
            Author.objects.filter(Exists(public_bylines)), slug=self.kwargs["slug"]
        )
        return Article.objects.published().filter(authors=self.author).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)
