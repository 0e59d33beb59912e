from django.urls import path, re_path

from articles import feeds, views
from newsroom.caching import public_page

app_name = "articles"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/$",
        public_page(views.ArticleDetailView.as_view(), reads_version=True),
        name="detail",
    ),
    path("topics/", public_page(views.TopicListView.as_view()), name="topics"),
    path("topics/<slug:slug>/", public_page(views.TopicDetailView.as_view()), name="topic"),
    path("topics/<slug:slug>/feed/", public_page(feeds.TopicFeed()), name="topic_rss"),
    path("topics/<slug:slug>/feed/atom/", public_page(feeds.TopicAtomFeed()), name="topic_atom"),
    path("sections/", public_page(views.SectionListView.as_view()), name="sections"),
    path("sections/<slug:slug>/", public_page(views.SectionDetailView.as_view()), name="section"),
    path("sections/<slug:slug>/feed/", public_page(feeds.SectionFeed()), name="section_rss"),
    path(
        "sections/<slug:slug>/feed/atom/",
        public_page(feeds.SectionAtomFeed()),
        name="section_atom",
    ),
    path("authors/<slug:slug>/", public_page(views.AuthorDetailView.as_view()), name="author"),
    path("feeds/rss/", public_page(feeds.LatestStoriesFeed()), name="rss"),
    path("feeds/atom/", public_page(feeds.LatestStoriesAtomFeed()), name="atom"),
    path("archive/", public_page(views.ArchiveIndexView.as_view()), name="archive"),
    path(
        "archive/<int:year>/",
        public_page(views.ArticleYearArchiveView.as_view()),
        name="archive_year",
    ),
    re_path(
        r"^archive/(?P<year>\d{4})/(?P<month>\d{2})/$",
        public_page(views.ArticleMonthArchiveView.as_view()),
        name="archive_month",
    ),
    path("corrections/", public_page(views.CorrectionListView.as_view()), name="corrections"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
]
