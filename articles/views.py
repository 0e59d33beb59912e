from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber, TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import (
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles import search, structured_data
from articles.models import (
    Article,
    Author,
    Correction,
    FrontPageItem,
    Section,
    TaggedArticle,
    Topic,
)
from articles.pagination import UncountedPaginator
from articles.querysets import live_q
from articles.sitemaps import news_sitemap_articles
from images.renditions import OPEN_GRAPH, get_rendition
from sources.models import Quote

PAGE_SIZE = 20
TOP_STORIES = 4
HOME_LATEST = 10
HOME_PER_SECTION = 3
RELATED_STORIES = 5


class HomeView(TemplateView):
    """The lead and top stories editors chose (or the latest), then the latest and each section.

    Every list comes from ``published()``; a chosen story that stops being public drops off.
    The queries are fixed: picks, latest, the newest of each section, and two prefetches.
    """

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        picks = [
            item.article
            for item in FrontPageItem.objects.filter(live_q("article__", now=now))
            .select_related("article__section")
            .order_by("position", "pk")[: TOP_STORIES + 1]
        ]
        recent = list(
            Article.objects.published(now=now)
            .select_related("section")
            .order_by("-published_at", "-pk")[: HOME_LATEST + TOP_STORIES + 1]
        )
        chosen_ids = {article.pk for article in picks}
        featured = picks + [a for a in recent if a.pk not in chosen_ids]
        featured = featured[: TOP_STORIES + 1]
        shown = {article.pk for article in featured}
        latest = [a for a in recent if a.pk not in shown][:HOME_LATEST]
        shown |= {article.pk for article in latest}

        by_section = {}
        for article in section_candidates(now, shown):
            stories = by_section.setdefault(article.section, [])
            if article.pk not in shown and len(stories) < HOME_PER_SECTION:
                stories.append(article)
        # Only the lead and top stories show their topics; the rest are headline lists.
        prefetch_related_objects(featured, "topics")
        return super().get_context_data(
            lead=featured[0] if featured else None,
            top_stories=featured[1:],
            latest=latest,
            sections=[(section, stories) for section, stories in by_section.items() if stories],
            **kwargs,
        )


def section_candidates(now, shown, per_section=HOME_PER_SECTION):
    """The newest public stories of each section not already ``shown``, in section order.

    A fixed number of queries. On PostgreSQL each section's newest ids come from an indexed
    top-N subquery (``ArraySubquery``, one query for all sections), then only the stories kept
    are fetched; a window over every public story took 600 ms at 100,000 stories. SQLite keeps
    the window query.
    """
    public = Article.objects.published(now=now)
    enough = per_section + len(shown)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery  # noqa: PLC0415

        newest = public.filter(section=OuterRef("pk")).order_by("-published_at", "-pk").values("pk")
        ids = [
            pk
            for row in Section.objects.annotate(ids=ArraySubquery(newest[:enough]))
            .order_by("position", "name")
            .values_list("ids", flat=True)
            for pk in [pk for pk in row if pk not in shown][:per_section]
        ]
        stories = public.filter(pk__in=ids).select_related("section").in_bulk()
        return [stories[pk] for pk in ids if pk in stories]
    return (
        public.filter(section__isnull=False)
        .annotate(
            section_rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(section_rank__lte=enough)
        .select_related("section")
        .order_by("section__position", "section__name", "section_rank")
    )


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        quotes = Quote.objects.with_speakers().in_story_order()
        corrections = Correction.objects.filter(published_at__lte=timezone.now())
        return (
            Article.objects.published()
            .select_related("section", "lead_image")
            .prefetch_related(
                "authors",
                "topics",
                "lead_image__renditions",
                Prefetch("quotes", queryset=quotes),
                Prefetch("corrections", queryset=corrections),
            )
        )

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return retracted_or_moved(request, kwargs["slug"])
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_lead_image_url(self):
        """The lead image cropped for link previews, as an absolute URL; None without one."""
        image = self.object.lead_image
        if image is None:
            return None
        return self.request.build_absolute_uri(get_rendition(image, OPEN_GRAPH).url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["speakers"] = speakers_in_order(article.quotes.all())
        context["related"] = Article.objects.published().related_to(article, limit=RELATED_STORIES)
        context["lead_image_url"] = self.get_lead_image_url()
        context["canonical_url"] = self.request.build_absolute_uri(article.get_absolute_url())
        context["json_ld"] = structured_data.script_safe_json(
            structured_data.news_article(article, self.request, image_url=context["lead_image_url"])
        )
        return context


def retracted_or_moved(request, slug):
    """A story that is not public: 410 with the note if retracted, 301 if its slug changed."""
    retracted = Article.objects.filter(slug=slug, status=Article.Status.UNPUBLISHED).exclude(
        retraction_note=""
    )
    article = retracted.first()
    if article is not None:
        return render(request, "410.html", {"article": article}, status=410)
    moved = Article.objects.published().filter(old_slugs__old_slug=slug).first()
    if moved is not None:
        return redirect(moved.get_absolute_url(), permanent=True)
    raise Http404("No story here.")


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
    paginator_class = UncountedPaginator
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
    paginator_class = UncountedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().filter(section=self.section).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class AuthorDetailView(ListView):
    template_name = "articles/author_detail.html"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        public_bylines = Article.objects.published().filter(authors=OuterRef("pk"))
        self.author = get_object_or_404(
            Author.objects.filter(Exists(public_bylines)), slug=self.kwargs["slug"]
        )
        return Article.objects.published().filter(authors=self.author).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


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


class ArticleYearArchiveView(YearArchiveView):
    date_field = "published_at"
    make_object_list = True
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleMonthArchiveView(MonthArchiveView):
    date_field = "published_at"
    month_format = "%m"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class CorrectionListView(ListView):
    """Every published correction and update on a public story, newest first."""

    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
    context_object_name = "corrections"

    def get_queryset(self):
        now = timezone.now()
        return (
            Correction.objects.filter(live_q("article__", now=now), published_at__lte=now)
            .select_related("article")
            .order_by("-published_at", "-pk")
        )


class SearchView(ListView):
    """Stories, people and organisations matching ``?q=``; any input gets a normal page."""

    template_name = "articles/search.html"
    paginate_by = PAGE_SIZE
    paginator_class = UncountedPaginator
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
        articles = list(context["object_list"])
        snippets = search.snippets_for(articles, self.query)
        context["hits"] = list(zip(articles, snippets, strict=True))
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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
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
            "publication_name": settings.NEWSROOM_NAME,
            "language": settings.NEWSROOM_LANGUAGE,
        },
        content_type="application/xml; charset=utf-8",
    )
