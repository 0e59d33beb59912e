"""The site-wide addresses the articles app answers outside its ``articles:`` namespace: crawlers
and search engines expect them at fixed names (``/robots.txt``, ``/sitemap.xml``), and a shared
preview link is handed to people outside the newsroom."""

from django.urls import path

from articles.preview import shared_preview
from articles.sitemaps import sitemap_index, sitemap_section
from articles.views import news_sitemap, robots_txt
from newsroom.caching import public_page

urlpatterns = [
    path("preview/<str:token>/", shared_preview, name="shared_preview"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", public_page(sitemap_index), name="sitemap-index"),
    path("sitemap-news.xml", public_page(news_sitemap), name="sitemap-news"),
    path("sitemap-<section>.xml", public_page(sitemap_section), name="sitemap-section"),
]
