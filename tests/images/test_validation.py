import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from images.models import Image
from images.validation import ImageUploadField, validate_image_upload
from tests.images.conftest import photo_bytes, png_bomb_bytes, upload


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


def test_normal_photo_is_accepted():
    validated = validate_image_upload(upload(photo_bytes((1200, 800))))

    assert (validated.format, validated.width, validated.height) == ("JPEG", 1200, 800)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(fmt):
    validated = validate_image_upload(upload(photo_bytes((300, 200), fmt=fmt), name="x.bin"))

    assert validated.format == fmt


def test_format_comes_from_the_content_not_the_name():
    validated = validate_image_upload(upload(photo_bytes((300, 200), fmt="PNG"), name="a.jpg"))

    assert validated.format == "PNG"


def test_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(b"Just some notes, not a photo.\n" * 20, name="photo.jpg"))

    assert messages(excinfo) == ["This file is not an image we can read (JPEG, PNG or WebP)."]


def test_truncated_jpeg_is_refused():
    data = photo_bytes((800, 600), quality=95)

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(data[: len(data) // 2]))

    assert messages(excinfo) == [
        "This image is damaged or incomplete. Try exporting or downloading it again."
    ]


def test_file_over_the_size_limit_is_refused_before_decoding(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 20 * 1024 * 1024
    data = b"\0" * int(31.2 * 1024 * 1024)

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(data))

    assert messages(excinfo) == ["This file is 31.2 MB; the limit is 20 MB."]


def test_lowered_size_limit_refuses_a_real_photo(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(photo_bytes((800, 600))))

    assert excinfo.value.error_list[0].code == "file_too_large"


def test_decompression_bomb_png_is_refused_with_a_clear_message():
    # 148 bytes on disk, 144 megapixels declared. Pillow refuses it while reading the header.
    data = png_bomb_bytes(12_000, 12_000)
    assert len(data) < 2000

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(data, name="bomb.png"))

    assert messages(excinfo) == ["This image has 144 megapixels; the limit is 40 megapixels."]


def test_image_over_the_pixel_limit_is_refused_with_its_dimensions(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000_000
    assert PILImage.MAX_IMAGE_PIXELS == 1_000_000  # Pillow's own check follows the setting

    with pytest.warns(PILImage.DecompressionBombWarning), pytest.raises(ValidationError) as e:
        validate_image_upload(upload(photo_bytes((1500, 1000))))

    assert messages(e) == [
        "This image is 1,500 × 1,000 pixels (1.5 megapixels); the limit is 1 megapixels."
    ]


def test_svg_with_script_is_refused():
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )

    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(svg, name="chart.svg", content_type="image/svg+xml"))

    assert excinfo.value.error_list[0].code == "svg"


def animated(fmt: str) -> bytes:
    frames = [PILImage.new("RGB", (40, 40), color) for color in ("red", "blue", "green")]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_animated_webp_and_png_are_refused(fmt):
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(animated(fmt), name="anim.webp"))

    assert messages(excinfo) == [
        "Animated images are not accepted. Please upload a still JPEG, PNG or WebP image."
    ]


def test_gif_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(animated("GIF"), name="anim.gif"))

    assert messages(excinfo) == [
        "GIF images are not accepted. Please upload a JPEG, PNG or WebP image."
    ]


def test_other_formats_are_never_decoded():
    with pytest.raises(ValidationError) as excinfo:
        validate_image_upload(upload(photo_bytes((40, 40), fmt="TIFF"), name="scan.tif"))

    assert excinfo.value.error_list[0].code == "not_an_image"


def test_form_field_reports_the_clear_message():
    field = ImageUploadField()

    with pytest.raises(ValidationError) as excinfo:
        field.clean(upload(png_bomb_bytes(), name="bomb.png"))

    assert "the limit is 40 megapixels" in messages(excinfo)[0]


@pytest.mark.django_db
def test_saving_an_invalid_file_directly_is_refused_and_nothing_is_saved():
    image = Image(title="Notes")
    image.file = upload(b"not an image", name="photo.jpg")

    with pytest.raises(ValidationError):
        image.save()

    assert not Image.objects.exists()
