from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import (
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles import front_page, search, story_page, structured_data
from articles.models import Article, Author, Correction, Section, Topic
from articles.sitemaps import news_sitemap_articles
from images.renditions import OPEN_GRAPH, get_rendition
from newsroom.caching import content_state
from newsroom.expressions import INDEX_COUNT_CAP
from newsroom.pagination import LetterIndexMixin, UncountedListMixin
from newsroom.publication import STORY_TEXT_FIELDS
from newsroom.site_url import absolute_url, site_origin

PAGE_SIZE = 20


class HomeView(TemplateView):
    """The front page: ``articles.front_page.read()``, a fixed handful of queries."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**front_page.read(now=timezone.now()), **kwargs)


class ArticleDetailView(TemplateView):
    """A story page: ``articles.story_page.read()``, one query with everything it shows and
    the content version (``public_page(reads_version=True)``)."""

    template_name = "articles/article_detail.html"

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        story = story_page.read(slug=kwargs["slug"], now=now)
        if story is None:
            return retracted_or_moved(request, kwargs["slug"])
        if request.path != story.get_absolute_url():
            return redirect(story.get_absolute_url(), permanent=True)
        content_state(request, now=now, read=story.content_version)
        return self.render_to_response(story_context(request, story))


def story_context(request, story: Article) -> dict:
    """What the story template shows of a ``story_page.read()`` story; the preview uses it too."""
    image_url = None
    if story.lead_image is not None:
        image_url = absolute_url(request, get_rendition(story.lead_image, OPEN_GRAPH).url)
    return {
        "story": story,
        "related": story.related_stories,
        "lead_image_url": image_url,
        "canonical_url": absolute_url(request, story.get_absolute_url()),
        "json_ld": structured_data.script_safe_json(
            structured_data.news_article(story, request, image_url=image_url)
        ),
    }


def retracted_or_moved(request, slug):
    """A story that is not public: 410 with the note if retracted, 301 if its slug changed."""
    article = Article.objects.retracted().filter(slug=slug).first()
    if article is not None:
        return render(request, "410.html", {"article": article}, status=410)
    moved = Article.objects.published().filter(old_slugs__old_slug=slug).first()
    if moved is not None:
        return redirect(moved.get_absolute_url(), permanent=True)
    raise Http404("No story here.")


class StoryListView(UncountedListMixin, ListView):
    """A topic's, a section's or an author's public stories, newest first, as teasers
    (``for_listing``), paged without counting. The owner is found first among ``owners()``,
    those a reader may see, else a 404. On PostgreSQL a big topic's page walks the publish-time
    index and keeps the topic's stories (the topic-and-story index), never sorting all of them."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    owner_name: str  # the template's name for the topic, section or author
    owner_field: str  # the story's field that holds it

    def get_queryset(self):
        now = timezone.now()
        try:
            self.owner = self.owners(now=now).get(slug=self.kwargs["slug"])
        except ObjectDoesNotExist as error:
            raise Http404(f"No such {self.owner_name} with public stories.") from error
        stories = Article.objects.published(now=now).filter(**{self.owner_field: self.owner})
        return stories.newest_first().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.owner_name: self.owner}, **kwargs)


class TopicDetailView(StoryListView):
    template_name = "articles/topic_detail.html"
    owner_name = "topic"
    owner_field = "topics"

    def owners(self, *, now):
        return Topic.objects.public(now=now)


class SectionDetailView(StoryListView):
    template_name = "articles/section_detail.html"
    owner_name = "section"
    owner_field = "section"

    def owners(self, *, now):
        return Section.objects.all()


class AuthorDetailView(StoryListView):
    template_name = "articles/author_detail.html"
    owner_name = "author"
    owner_field = "authors"

    def owners(self, *, now):
        return Author.objects.public(now=now)


class TopicListView(LetterIndexMixin, ListView):
    """Every topic a public story carries, a letter at a time, with its stories counted."""

    template_name = "articles/topic_list.html"
    context_object_name = "topics"

    def get_index_queryset(self):
        return Topic.objects.for_index()


class SectionListView(ListView):
    """Every section with a public story, in the desks' order, with its stories counted."""

    template_name = "articles/section_list.html"
    context_object_name = "sections"

    def get_queryset(self):
        return Section.objects.for_index()

    def get_context_data(self, **kwargs):
        return super().get_context_data(count_cap=INDEX_COUNT_CAP, **kwargs)


class ArchiveStoriesMixin:
    """A date archive of teasers: Django's date views find the next and previous periods from
    the stories, then the page shows its own as teasers (``for_listing``)."""

    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().newest_first()

    def get_dated_items(self):
        date_list, stories, extra = super().get_dated_items()
        return date_list, stories.for_listing(), extra


class ArchiveIndexView(TemplateView):
    """Every month with public stories, newest first, with how many."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        months = (
            Article.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(stories=Count("pk"))
            .order_by("-month")
        )
        years = {}
        for row in months:
            years.setdefault(row["month"].year, []).append(row)
        return super().get_context_data(years=list(years.items()), **kwargs)


class ArticleYearArchiveView(UncountedListMixin, ArchiveStoriesMixin, YearArchiveView):
    date_field = "published_at"
    make_object_list = True
    paginate_by = PAGE_SIZE


class ArticleMonthArchiveView(UncountedListMixin, ArchiveStoriesMixin, MonthArchiveView):
    date_field = "published_at"
    month_format = "%m"
    paginate_by = PAGE_SIZE


class CorrectionListView(UncountedListMixin, ListView):
    """Every published correction and update on a public story, newest first."""

    paginate_by = PAGE_SIZE
    context_object_name = "corrections"

    def get_queryset(self):
        return (
            Correction.objects.public()
            .select_related("article")
            .defer(*(f"article__{field}" for field in STORY_TEXT_FIELDS))
            .order_by("-published_at", "-pk")
        )


class SearchView(UncountedListMixin, ListView):
    """Stories, people and organisations matching ``?q=``; any input gets a normal page.

    Ten stories a page, as search pages show: each one's extract is made from its body.
    """

    template_name = "articles/search.html"
    paginate_by = 10
    context_object_name = "articles"

    def get_queryset(self):
        self.query = search.clean_query(self.request.GET.get("q"))
        return search.search_articles(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        people, organisations = ([], [])
        if context["page_obj"] is None or context["page_obj"].number == 1:
            people, organisations = search.search_people(self.query)
        context["people"] = people
        context["organisations"] = organisations
        search.marked_extracts(context["object_list"], self.query)
        return context


@require_GET
def robots_txt(request):
    # A back office moved with DJANGO_ADMIN_URL is not advertised here.
    admin_lines = ["Disallow: /admin/"] if settings.ADMIN_URL == "admin/" else []
    lines = [
        "User-agent: *",
        *admin_lines,
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap-index'))}",
        f"Sitemap: {absolute_url(request, reverse('sitemap-news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def news_sitemap(request):
    """The Google News sitemap: stories from the last two days, with the news namespace."""
    return TemplateResponse(
        request,
        "articles/sitemap_news.xml",
        {
            "articles": news_sitemap_articles(),
            "site_origin": site_origin(request),
            "publication_name": settings.NEWSROOM_NAME,
            "language": settings.NEWSROOM_LANGUAGE,
        },
        content_type="application/xml; charset=utf-8",
    )
