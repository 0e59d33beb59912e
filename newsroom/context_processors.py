from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    from articles.caching import (  # noqa: PLC0415
        content_state,
        fragment_cache_timeout,
        navigation_sections,
    )

    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "newsroom_language": settings.NEWSROOM_LANGUAGE,
        "newsroom_release": settings.NEWSROOM_RELEASE,
        "site_sections": SimpleLazyObject(navigation_sections),
        # For {% cache fragment_cache_timeout name content_version %}: a new version whenever
        # public content changes anywhere; a timeout of 0 when caching is switched off.
        "content_version": SimpleLazyObject(lambda: content_state(request).version),
        "fragment_cache_timeout": fragment_cache_timeout(),
    }
