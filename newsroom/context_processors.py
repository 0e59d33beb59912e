from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    from articles.models import Section  # noqa: PLC0415

    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "site_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }
