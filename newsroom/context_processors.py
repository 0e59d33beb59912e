from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    from articles.caching import navigation_sections

    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "newsroom_language": settings.NEWSROOM_LANGUAGE,
        "site_sections": SimpleLazyObject(lambda: navigation_sections(request)),
    }
