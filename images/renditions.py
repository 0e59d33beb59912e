"""Responsive renditions: resized and cropped copies of an image, made once and kept in storage.

A rendition is named by a *spec*:

``w<width>-<format>``
    Resized to at most ``width`` pixels wide, keeping the aspect ratio. Never upscaled: the
    spec ``w1920-webp`` of an 800-pixel-wide image is 800 pixels wide. Used for ``srcset``.
``fill-<width>x<height>-<format>``
    Cropped to the aspect ratio ``width:height`` around the image's focal point, then resized
    to ``width`` × ``height`` (or left smaller, at the same ratio, if the image is too small).
    Used for Open Graph (``fill-1200x630-jpeg``) and square thumbnails.

``<format>`` is ``jpeg`` or ``webp``. Renditions carry no metadata at all.

Reading renditions is cheap when they were prefetched with ``Image.objects.with_renditions()``
(no query); otherwise :func:`get_renditions` makes one query per image instance. What is missing
is created, opening the original once for all of it.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from PIL import Image as PILImage
from PIL import ImageOps

from images.models import Image, Rendition
from images.validation import to_web_mode, without_metadata
from newsroom.compiled import CompiledQuery, ListParameter

logger = logging.getLogger(__name__)

OPEN_GRAPH = "fill-1200x630-jpeg"
SQUARE = "fill-600x600-jpeg"
#: The width the JPEG ``src`` fallback aims for, for browsers without ``srcset``.
FALLBACK_WIDTH = 960
MAX_DIMENSION = 4000

_FORMATS = {
    "jpeg": ("JPEG", "jpg", {"quality": 82, "progressive": True, "optimize": True}),
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
}
_SPEC = re.compile(
    r"^(?:w(?P<width>\d{1,4})|fill-(?P<fill_width>\d{1,4})x(?P<fill_height>\d{1,4}))"
    r"-(?P<format>jpeg|webp)$"
)


@dataclass(frozen=True)
class Spec:
    name: str
    width: int
    height: int | None  # None for a width-limited resize
    format: str  # "jpeg" or "webp"

    @property
    def is_fill(self) -> bool:
        return self.height is not None


@lru_cache(maxsize=256)
def parse_spec(name: str) -> Spec:
    """Parse ``"w640-webp"`` or ``"fill-1200x630-jpeg"``; raise ``ValueError`` otherwise.
    Remembered: every picture on a page asks for the same handful of specs."""
    match = _SPEC.match(name)
    if not match:
        raise ValueError(
            f"Unknown rendition spec {name!r}; use e.g. 'w640-webp' or 'fill-1200x630-jpeg'."
        )
    if match["width"]:
        width, height = int(match["width"]), None
    else:
        width, height = int(match["fill_width"]), int(match["fill_height"])
    if not all(0 < value <= MAX_DIMENSION for value in (width, height or width)):
        raise ValueError(f"Rendition spec {name!r}: sizes must be 1 to {MAX_DIMENSION} pixels.")
    return Spec(name=name, width=width, height=height, format=match["format"])


def srcset_widths(image: Image) -> list[int]:
    """The standard widths below the image's own width, plus its width (capped at the largest)."""
    standard = settings.NEWSROOM_IMAGE_WIDTHS
    widths = {width for width in standard if width < image.width}
    widths.add(min(image.width, max(standard)))
    return sorted(widths)


def srcset_specs(image: Image, fmt: str) -> list[str]:
    return [f"w{width}-{fmt}" for width in srcset_widths(image)]


def standard_specs(image: Image) -> list[str]:
    """Every rendition the site uses for this image: srcsets in both formats, OG and square."""
    return [*srcset_specs(image, "webp"), *srcset_specs(image, "jpeg"), OPEN_GRAPH, SQUARE]


def focal_crop_box(
    width: int, height: int, ratio_width: int, ratio_height: int, focal_x: float, focal_y: float
) -> tuple[int, int, int, int]:
    """The largest box of the given aspect ratio that fits the image, centred on the focal
    point as far as the edges allow. The focal point is always inside the box."""
    target = ratio_width / ratio_height
    if width / height > target:
        crop_width, crop_height = max(1, min(width, round(height * target))), height
    else:
        crop_width, crop_height = width, max(1, min(height, round(width / target)))
    left = min(max(round(focal_x * width - crop_width / 2), 0), width - crop_width)
    top = min(max(round(focal_y * height - crop_height / 2), 0), height - crop_height)
    return left, top, left + crop_width, top + crop_height


def render(source: PILImage.Image, spec: Spec, focal_x=0.5, focal_y=0.5) -> PILImage.Image:
    """Resize or crop an upright image for ``spec``. Never upscales."""
    if spec.is_fill:
        box = focal_crop_box(source.width, source.height, spec.width, spec.height, focal_x, focal_y)
        cropped = source.crop(box)
        if cropped.width <= spec.width:
            return cropped
        return cropped.resize(
            (spec.width, spec.height), PILImage.Resampling.LANCZOS, reducing_gap=3.0
        )
    if source.width <= spec.width:
        return source
    height = max(1, round(source.height * spec.width / source.width))
    return source.resize((spec.width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def encode(img: PILImage.Image, fmt: str) -> bytes:
    pillow_format, _extension, options = _FORMATS[fmt]
    out = io.BytesIO()
    without_metadata(img).save(out, pillow_format, **options)
    return out.getvalue()


def _open_upright(image: Image) -> PILImage.Image:
    with image.file.open("rb"), PILImage.open(image.file, formats=("JPEG", "PNG", "WEBP")) as img:
        img.load()
        # Masters are stored upright already; this keeps renditions right for any that are not.
        return ImageOps.exif_transpose(img)


def _store(image: Image, spec: Spec, img: PILImage.Image) -> Rendition:
    _pillow_format, extension, _options = _FORMATS[spec.format]
    rendition = Rendition(image=image, spec=spec.name, width=img.width, height=img.height)
    rendition.file.save(f"rendition.{extension}", ContentFile(encode(img, spec.format)), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made the same rendition first: use theirs, remove our copy.
        rendition.file.storage.delete(rendition.file.name)
        return Rendition.objects.get(image=image, spec=spec.name)
    return rendition


def make_renditions(image: Image, specs: Iterable[str]) -> dict[str, Rendition]:
    """Create the given renditions (which must not exist yet), opening the original once."""
    parsed = [parse_spec(name) for name in dict.fromkeys(specs)]
    if not parsed:
        return {}
    upright = _open_upright(image)
    modes: dict[bool, PILImage.Image] = {}
    made = {}
    for spec in parsed:
        alpha_allowed = spec.format != "jpeg"
        if alpha_allowed not in modes:
            modes[alpha_allowed] = to_web_mode(upright, alpha_allowed=alpha_allowed)
        pixels = render(modes[alpha_allowed], spec, image.focal_x, image.focal_y)
        made[spec.name] = _store(image, spec, pixels)
    logger.info("Made %d renditions of image %s", len(made), image.pk)
    return made


def get_renditions(image: Image, specs: Iterable[str]) -> dict[str, Rendition]:
    """Return ``{spec: Rendition}`` for ``specs``, creating any that do not exist yet.

    The first call on an instance reads all its renditions: from the prefetch made by
    ``with_renditions()`` (no query), else with one query. They are remembered on the instance,
    so every later tag on the page for the same image costs nothing.
    """
    wanted = [parse_spec(name).name for name in dict.fromkeys(specs)]
    known: dict[str, Rendition] | None = image.__dict__.get("_rendition_cache")
    if known is None:
        known = {rendition.spec: rendition for rendition in image.renditions.all()}
        image.__dict__["_rendition_cache"] = known
    missing = [name for name in wanted if name not in known]
    if missing:
        known.update(make_renditions(image, missing))
    return {name: known[name] for name in wanted}


# What a figure and ``{% picture %}`` read of an image: the fields a page loads with its stories
# (``articles.story_page``, ``articles.front_page``).
FIGURE_FIELDS = ("file", "title", "caption", "credit", "alt_text")
FIGURE_FIELDS += ("focal_x", "focal_y", "width", "height", "format")
# What ``{% picture %}`` reads of each of an image's renditions, here or nested in a story's row.
RENDITION_FIELDS = ("id", "image", "spec", "file", "width", "height")
# Compiled once per database (``newsroom.compiled``), as the pages that read them are.
_RENDITIONS = CompiledQuery(
    lambda: Rendition.objects.filter(image__in=ListParameter("images", models.BigIntegerField())),
    fields=RENDITION_FIELDS,
    prepared=True,
)


def read_renditions(images: Iterable[Image], *, using: str) -> None:
    """Every rendition of ``images`` in one query, remembered on each image
    (``remember_renditions``): rendering their figures then costs no query."""
    by_pk = {image.pk: image for image in images}
    if not by_pk:
        return
    found: dict[int, list[Rendition]] = {pk: [] for pk in by_pk}
    for rendition in _RENDITIONS.objects(using, images=list(by_pk)):
        found[rendition.image_id].append(rendition)
    for pk, image in by_pk.items():
        remember_renditions(image, found[pk])


def remember_renditions(image: Image, renditions: Iterable[Rendition]) -> None:
    """Tell ``image`` its renditions, read along with it: rendering it then costs no query."""
    image.__dict__["_rendition_cache"] = {rendition.spec: rendition for rendition in renditions}


def get_rendition(image: Image, spec: str) -> Rendition:
    return get_renditions(image, [spec])[spec]


def rebuild_renditions(image: Image, *, missing_only: bool = False) -> int:
    """(Re)create the standard renditions of an image; returns how many were made."""
    if not missing_only:
        with transaction.atomic():
            for rendition in image.renditions.all():
                rendition.delete()  # its file goes once the deletion is committed
        image.__dict__.pop("_rendition_cache", None)
        image.__dict__.get("_prefetched_objects_cache", {}).pop("renditions", None)
    specs = standard_specs(image)
    existing = set(image.renditions.filter(spec__in=specs).values_list("spec", flat=True))
    return len(make_renditions(image, [spec for spec in specs if spec not in existing]))
