from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.caching import public_page
from articles.preview import shared_preview
from articles.sitemaps import sitemap_index, sitemap_section
from articles.views import news_sitemap, robots_txt
from newsroom.views import second_factor

handler500 = "newsroom.views.server_error"

urlpatterns = [
    path(f"{settings.ADMIN_URL}second-factor/", second_factor, name="second_factor"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("preview/<str:token>/", shared_preview, name="shared_preview"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", public_page(sitemap_index), name="sitemap-index"),
    path("sitemap-news.xml", public_page(news_sitemap), name="sitemap-news"),
    path("sitemap-<section>.xml", public_page(sitemap_section), name="sitemap-section"),
    path("api/", include("api.urls")),
    path("", include("sources.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
