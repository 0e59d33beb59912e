from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.caching import navigation_sections


def site(request):
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "newsroom_language": settings.NEWSROOM_LANGUAGE,
        "site_sections": SimpleLazyObject(lambda: navigation_sections(request)),
    }
