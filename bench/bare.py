"""The bare Django view that ``make bench-demo`` and ``make bench`` divide by: Django alone, no
apps, no middleware, no database, debug off, one view returning a constant 20 KB HTML page.

Served as ``gunicorn bench.bare`` from the project folder, so ``gunicorn.conf.py`` applies to it
exactly as to the newsroom.
"""

import secrets

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

LINE = b"<p>" + b"x" * 72 + b"</p>\n"
BODY = (LINE * (20 * 1024 // len(LINE) + 1))[: 20 * 1024]


def bare(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", bare)]

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    DATABASES={},
)
application = get_wsgi_application()
