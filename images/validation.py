"""Safe image uploads: the one place that decides whether an uploaded file is an image we accept.

Nothing about the upload is trusted: not its name, not its content type. The file is measured,
then decoded by Pillow, and refused with a message a journalist can act on if it is too big,
has too many pixels (a decompression bomb), is not a still JPEG, PNG or WebP image, or is
truncated or corrupt.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import IO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

#: Pillow format name -> (file extension, MIME type). Only these are stored.
ACCEPTED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
# Formats Pillow may try to decode. GIF is decoded only to refuse it with a precise message;
# every other format (TIFF, BMP, PSD…) is never handed to a Pillow decoder.
_DECODABLE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Multi-picture JPEGs from phones and cameras (a photo plus previews or depth maps).
_MPO = "MPO"
_MPO_AS_JPEG = {_MPO: "JPEG"}
_ORIENTATION = 0x0112

NOT_AN_IMAGE = "This file is not an image we can read (JPEG, PNG or WebP)."

_MB = 1024 * 1024


@dataclass(frozen=True)
class ValidatedImage:
    """What we learnt about an accepted upload. Width and height are after EXIF orientation."""

    format: str
    width: int
    height: int
    file_size: int

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS[self.format][0]


def max_bytes() -> int:
    return settings.NEWSROOM_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


def sync_pillow_pixel_limit(**kwargs) -> None:
    """Make Pillow's own decompression-bomb check use our pixel limit.

    Pillow warns above ``MAX_IMAGE_PIXELS`` and raises above twice that, while reading the
    header. Called when the app is ready and whenever the setting changes (in tests).
    """
    setting = kwargs.get("setting")
    if setting is None or setting == "NEWSROOM_IMAGE_MAX_PIXELS":
        PILImage.MAX_IMAGE_PIXELS = max_pixels()


def format_file_size(size: int) -> str:
    """``31.2 MB``, ``20 MB`` or, below a megabyte, ``10 KB``."""
    if size < _MB:
        return f"{max(1, round(size / 1024)):,} KB"
    value = size / _MB
    return f"{value:,.0f} MB" if value == int(value) else f"{value:,.1f} MB"


def format_megapixels(pixels: int) -> str:
    value = pixels / 1_000_000
    if value >= 10 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
        "the limit is %(limit)s megapixels.",
        code="too_many_pixels",
        params={
            "width": f"{width:,}",
            "height": f"{height:,}",
            "megapixels": format_megapixels(width * height),
            "limit": format_megapixels(max_pixels()),
        },
    )


def _bomb(exc: Exception) -> ValidationError:
    # Pillow refuses the file while reading its header, before we know the dimensions; its
    # message carries the pixel count ("Image size (144000000 pixels) exceeds limit …").
    match = re.search(r"\((\d+) pixels\)", str(exc))
    if match:
        return ValidationError(
            "This image has %(megapixels)s megapixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={
                "megapixels": format_megapixels(int(match.group(1))),
                "limit": format_megapixels(max_pixels()),
            },
        )
    return ValidationError(
        "This image has too many pixels; the limit is %(limit)s megapixels.",
        code="too_many_pixels",
        params={"limit": format_megapixels(max_pixels())},
    )


def _looks_like_svg(head: bytes) -> bool:
    head = head.lstrip().lower()
    return head.startswith(b"<?xml") or b"<svg" in head


def _rewind(fileobj: IO[bytes]) -> None:
    fileobj.seek(0)


def validate_image_upload(uploaded_file) -> ValidatedImage:
    """Check an uploaded file and return what we learnt about it, or raise ``ValidationError``.

    Order matters: the byte size first (from the upload's metadata, without reading the file),
    then the header (format and pixel count, before any pixel data is decoded) and
    ``verify()``, and finally frames and a full decode on a reopened file, which catches
    truncated data.
    """
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    if size > max_bytes():
        raise ValidationError(
            "This file is %(size)s; the limit is %(limit)s.",
            code="file_too_large",
            params={"size": format_file_size(size), "limit": format_file_size(max_bytes())},
        )
    if size == 0:
        raise ValidationError("This file is empty.", code="empty")

    _rewind(uploaded_file)
    head = uploaded_file.read(512)
    _rewind(uploaded_file)
    try:
        with PILImage.open(uploaded_file, formats=_DECODABLE_FORMATS) as img:
            image_format = _MPO_AS_JPEG.get(img.format, img.format)
            width, height = img.size
            # verify() must come straight after open; it checks structure and checksums.
            img.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise _bomb(exc) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        if _looks_like_svg(head):
            raise ValidationError(
                "SVG drawings are not accepted. Export the drawing as PNG and upload that.",
                code="svg",
            ) from exc
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from exc
    finally:
        _rewind(uploaded_file)

    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Please upload a JPEG, PNG or WebP image.",
            code="format",
            params={"format": image_format},
        )
    if width * height > max_pixels():
        raise _too_many_pixels(width, height)

    # verify() does not decode pixel data, so a truncated JPEG only shows up in a full
    # decode of a reopened file. The pixel count, hence the memory used, is bounded by now.
    try:
        with PILImage.open(uploaded_file, formats=_DECODABLE_FORMATS) as img:
            # An MPO is one photo plus previews or depth maps, not an animation.
            animated = img.format != _MPO and getattr(img, "is_animated", False)
            orientation = img.getexif().get(_ORIENTATION, 1)
            if not animated:
                img.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise _bomb(exc) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ValidationError(
            "This image is damaged or incomplete. Try exporting or downloading it again.",
            code="corrupt",
        ) from exc
    finally:
        _rewind(uploaded_file)
    if animated:
        raise ValidationError(
            "Animated images are not accepted. Please upload a still JPEG, PNG or WebP image.",
            code="animated",
        )

    if orientation in {5, 6, 7, 8}:
        width, height = height, width
    return ValidatedImage(format=image_format, width=width, height=height, file_size=size)


def _to_srgb(img: PILImage.Image, icc: bytes, mode: str) -> PILImage.Image | None:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(img, source, srgb, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # An unusable profile: the caller keeps the pixels as they are.


def to_web_mode(img: PILImage.Image, *, alpha_allowed: bool) -> PILImage.Image:
    """Return the image as RGB, RGBA, L or LA, with colours converted to sRGB where possible.

    ``alpha_allowed=False`` (for JPEG) flattens transparency onto white.
    """
    icc = img.info.get("icc_profile")
    if icc and img.mode == "CMYK":
        img = _to_srgb(img, icc, "RGB") or img.convert("RGB")
        icc = None
    has_alpha = img.mode in {"RGBA", "LA", "PA"} or (img.mode == "P" and "transparency" in img.info)
    if img.mode == "L" or (img.mode == "LA" and alpha_allowed):
        converted = img
    elif has_alpha and alpha_allowed:
        converted = img.convert("RGBA")
    elif has_alpha:
        rgba = img.convert("RGBA")
        converted = PILImage.new("RGB", rgba.size, "white")
        converted.paste(rgba, mask=rgba.getchannel("A"))
    elif img.mode.startswith("I") or img.mode == "F":
        # 16-bit and float greyscale: scale to 8 bits rather than clip.
        converted = img.convert("I").point(lambda value: value / 256).convert("L")
    else:
        converted = img.convert("RGB")
    if icc and converted.mode in {"RGB", "RGBA"}:
        converted = _to_srgb(converted, icc, converted.mode) or converted
    return converted


def without_metadata(img: PILImage.Image) -> PILImage.Image:
    """Return a copy of the pixels only: no EXIF, GPS, XMP, ICC, comments or text chunks."""
    clean = PILImage.new(img.mode, img.size)
    clean.paste(img)
    return clean


def clean_master(uploaded_file, validated: ValidatedImage) -> tuple[bytes, int, int]:
    """Re-encode an accepted upload upright, in sRGB, with no metadata at all.

    This is what we store as the "original", so even the file served from media carries no
    GPS position, camera serial number or editing history. Returns the encoded bytes and the
    upright width and height.
    """
    _rewind(uploaded_file)
    with PILImage.open(uploaded_file, formats=_DECODABLE_FORMATS) as img:
        img.load()
        upright = ImageOps.exif_transpose(img)
    _rewind(uploaded_file)
    pixels = without_metadata(to_web_mode(upright, alpha_allowed=validated.format != "JPEG"))
    out = io.BytesIO()
    if validated.format == "JPEG":
        pixels.save(out, "JPEG", quality=92, optimize=True, progressive=True)
    elif validated.format == "PNG":
        pixels.save(out, "PNG")
    else:
        pixels.save(out, "WEBP", quality=90, method=4)
    return out.getvalue(), pixels.width, pixels.height


class ImageUploadField(forms.FileField):
    """Form field for image uploads that reports our messages, not Django's generic one.

    Django's ``forms.ImageField`` would answer a decompression bomb or a damaged file with
    "Upload a valid image"; this field runs :func:`validate_image_upload` instead and keeps
    the result on the file as ``validated_image`` so the model need not decode it again.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        f = super().to_python(data)
        if f is None:
            return None
        f.validated_image = validate_image_upload(f)
        return f

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp")
        return attrs
