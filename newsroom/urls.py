from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.views import second_factor

handler500 = "newsroom.views.server_error"

urlpatterns = [
    path(f"{settings.ADMIN_URL}second-factor/", second_factor, name="second_factor"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.site_urls")),
    path("api/", include("api.urls")),
    path("", include("sources.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
