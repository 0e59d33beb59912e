"""Fixtures for the images app. Every test file is generated here with Pillow; no binaries."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PILImage

from images.models import Image


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep stored files out of var/media, and run on-commit hooks in tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def photo_bytes(
    size=(2400, 1600), *, fmt="JPEG", mode="RGB", color=(200, 120, 40), exif=None, **save
) -> bytes:
    img = PILImage.new(mode, size, color)
    out = io.BytesIO()
    if exif is not None:
        save["exif"] = exif
    img.save(out, fmt, **save)
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bomb_bytes(width=12_000, height=12_000) -> bytes:
    """A tiny PNG whose header declares a huge 1-bit image: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = zlib.compress(row * 16, 9)  # far fewer rows than declared; never decoded anyway
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.fixture
def make_image(db):
    """Create a stored Image from generated pixels: ``make_image(size=(800, 600), title=…)``."""

    def make(size=(2400, 1600), *, fmt="JPEG", name="photo.jpg", data=None, **fields):
        fields.setdefault("title", "Flooded market")
        fields.setdefault("alt_text", "Traders carry sacks through water")
        fields.setdefault("credit", "Reuters/Jane Doe")
        image = Image(**fields)
        image.file = upload(data or photo_bytes(size, fmt=fmt), name=name)
        image.save()
        return image

    return make


def exif_with_gps_and_orientation(orientation=6) -> PILImage.Exif:
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Artist] = "Jane Doe"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (27.0, 42.0, 18.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (68.0, 51.0, 30.0),
    }
    return exif


def assert_no_metadata(img: PILImage.Image) -> None:
    assert not img.getexif()
    assert not ({"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(img.info))
