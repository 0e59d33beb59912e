"""Template tags for responsive images: ``{% load images %}``.

``{% picture image sizes="(min-width: 60rem) 60rem, 100vw" %}``
    A ``<picture>`` with a WebP ``<source>`` and a JPEG ``<img>``, both with ``srcset``; the
    ``<img>`` has width, height, alt, ``loading`` (default ``"lazy"``) and
    ``decoding="async"``. For the lead image above the fold pass ``loading="eager"
    fetchpriority="high"``. ``class`` is put on the ``<img>``.
``{% image_url image "fill-1200x630-jpeg" %}``
    The URL (an absolute path, or a full URL on S3-like storages) of one rendition; for
    Open Graph and JSON-LD make it absolute with ``request.build_absolute_uri``.

Renditions are made on first use. Fetch images with ``Image.objects.with_renditions()`` (or
``prefetch_related("lead_image__renditions")``) so rendering costs no query once they exist.
A missing or unreadable original is logged and renders nothing rather than breaking the page.
"""

import logging

from django import template
from django.utils.safestring import mark_safe
from markupsafe import escape

from images.renditions import FALLBACK_WIDTH, get_rendition, get_renditions, srcset_specs

register = template.Library()
logger = logging.getLogger(__name__)

_LOADING = {"lazy", "eager"}
_FETCHPRIORITY = {"high", "low", "auto"}
_EXTRA_ATTRIBUTES = {"class", "fetchpriority", "id"}


def _srcset(renditions) -> str:
    return ", ".join([f"{rendition.url} {rendition.width}w" for rendition in renditions])


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", decoding="async", **attributes):
    if not image:
        return ""
    unknown = set(attributes) - _EXTRA_ATTRIBUTES
    if unknown:
        raise template.TemplateSyntaxError(
            f"picture: unknown argument(s) {', '.join(sorted(unknown))}; "
            f"use sizes, loading, decoding or {', '.join(sorted(_EXTRA_ATTRIBUTES))}."
        )
    if loading not in _LOADING:
        raise template.TemplateSyntaxError("picture: loading must be 'lazy' or 'eager'.")
    if attributes.get("fetchpriority") not in {None, "", *_FETCHPRIORITY}:
        raise template.TemplateSyntaxError("picture: fetchpriority must be high, low or auto.")

    webp_specs, jpeg_specs = srcset_specs(image, "webp"), srcset_specs(image, "jpeg")
    try:
        found = get_renditions(image, [*webp_specs, *jpeg_specs])
    except (OSError, ValueError) as exc:
        logger.exception("Cannot render image %s: %s", image.pk, exc)
        return ""
    webp = [found[spec] for spec in webp_specs]
    jpeg = [found[spec] for spec in jpeg_specs]
    fallback = next((r for r in jpeg if r.width >= FALLBACK_WIDTH), jpeg[-1])

    extra = "".join(
        f' {name}="{escape(value)}"' for name, value in sorted(attributes.items()) if value
    )
    sizes = escape(sizes)
    # One f-string, each value escaped by markupsafe (as Jinja2 escapes the rest of the page):
    # format_html and format_html_join went through Django's lazy-aware escape, value by value.
    return mark_safe(  # noqa: S308
        f'<picture><source type="image/webp" srcset="{escape(_srcset(webp))}" sizes="{sizes}">'
        f'<img src="{escape(fallback.url)}" srcset="{escape(_srcset(jpeg))}" sizes="{sizes}" '
        f'width="{fallback.width}" height="{fallback.height}" alt="{escape(image.alt_text)}" '
        f'loading="{loading}" decoding="{escape(decoding)}"{extra}></picture>'
    )


@register.simple_tag
def image_url(image, spec):
    """The URL of one rendition of ``image``, e.g. ``"fill-1200x630-jpeg"`` for Open Graph."""
    if not image:
        return ""
    try:
        return get_rendition(image, spec).url
    except OSError as exc:
        logger.exception("Cannot render image %s as %s: %s", image.pk, spec, exc)
        return ""
