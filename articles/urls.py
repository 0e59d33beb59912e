from django.urls import path, re_path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    re_path(
        r"^(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/$",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
]
