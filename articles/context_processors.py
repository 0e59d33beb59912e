from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from newsroom.caching import content_state, pages


def site(request):
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "newsroom_language": settings.NEWSROOM_LANGUAGE,
        "site_sections": SimpleLazyObject(lambda: navigation_sections(request)),
    }


def navigation_sections(request=None) -> list[dict]:
    """The sections in the site header as ``{"name", "url"}``, kept with the pages under the
    content version: a page pays a local cache read for them, and a change to a section, which
    moves the version, shows at once."""
    key = f"sections:{settings.NEWSROOM_RELEASE}:{content_state(request).version}"
    links = pages.get(key)
    if links is None:
        links = [
            {"name": section.name, "url": section.get_absolute_url()}
            for section in Section.objects.all()
        ]
        pages.set(key, links)
    return links
