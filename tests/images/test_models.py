import io
from pathlib import PurePosixPath

import pytest
from django.db import IntegrityError, transaction
from PIL import ExifTags, PngImagePlugin
from PIL import Image as PILImage

from images.models import Image, Rendition
from images.renditions import get_rendition
from tests.images.conftest import (
    assert_no_metadata,
    exif_with_gps_and_orientation,
    photo_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def test_upload_fills_dimensions_size_and_format(make_image):
    image = make_image((1200, 800))

    assert (image.width, image.height, image.format) == (1200, 800, "JPEG")
    assert image.file_size == image.file.size > 0


def test_stored_name_is_generated_and_never_the_uploaded_one(make_image):
    image = make_image((300, 200), name="../../etc/passwd secret-source-name.jpg")

    path = PurePosixPath(image.file.name)
    assert "secret" not in image.file.name
    assert ".." not in path.parts
    assert path.parts[:2] == ("images", "originals")
    assert len(path.stem) == 32 and path.suffix == ".jpg"


def test_extension_follows_the_real_format(make_image):
    image = make_image((300, 200), fmt="PNG", name="photo.jpg")

    assert image.file.name.endswith(".png")
    assert image.format == "PNG"


def test_rotated_photo_with_gps_is_stored_upright_without_metadata(make_image):
    # A phone held upright writes a landscape sensor image plus "rotate 90°" in EXIF.
    data = photo_bytes((400, 300), exif=exif_with_gps_and_orientation(6))
    with PILImage.open(io.BytesIO(data)) as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really has GPS

    image = make_image(data=data)

    assert (image.width, image.height) == (300, 400)
    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert stored.size == (300, 400)
        assert_no_metadata(stored)


def test_has_alt_text_ignores_whitespace():
    assert not Image(alt_text="   ").has_alt_text
    assert Image(alt_text="A boat").has_alt_text


def test_publishing_problems_name_the_image_and_what_is_missing():
    image = Image(title="Flooded market", alt_text="", credit="")

    assert image.publishing_problems(role="lead image") == [
        "The lead image “Flooded market” has no alt text. Describe what it shows for readers "
        "who cannot see it.",
        "The lead image “Flooded market” has no credit. Add the photographer or agency, "
        "e.g. “Reuters/Jane Doe”.",
    ]
    assert Image(title="x", alt_text="A boat", credit="AP").publishing_problems() == []


def test_focal_point_is_constrained_in_the_database(make_image):
    image = make_image((100, 100))

    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(focal_x=1.5)


def test_deleting_an_image_deletes_its_file_after_commit(
    make_image, django_capture_on_commit_callbacks
):
    image = make_image((300, 200))
    storage, name = image.file.storage, image.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not storage.exists(name)


def test_without_alt_text(make_image):
    described = make_image((50, 50))
    undescribed = make_image((50, 50), alt_text="")

    assert list(Image.objects.without_alt_text()) == [undescribed]
    assert described not in Image.objects.without_alt_text()


def test_png_text_chunks_and_exif_are_not_kept(make_image):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe")
    info.add_text("Comment", "Shot at 27.7N 68.8E")
    data = photo_bytes((300, 200), fmt="PNG", exif=exif_with_gps_and_orientation(1), pnginfo=info)

    image = make_image(data=data, name="chart.png")

    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert_no_metadata(stored)
        assert not {"Author", "Comment"} & set(stored.info)


def test_multi_picture_jpeg_from_a_phone_is_accepted_as_jpeg(make_image):
    main, preview = PILImage.new("RGB", (600, 400), "navy"), PILImage.new("RGB", (160, 120))
    out = io.BytesIO()
    main.save(out, "MPO", save_all=True, append_images=[preview])

    image = make_image(data=out.getvalue())

    assert (image.format, image.width, image.height) == ("JPEG", 600, 400)


def test_replacing_the_file_drops_old_renditions_and_the_old_original(
    make_image, django_capture_on_commit_callbacks
):
    image = make_image((800, 600))
    old_rendition = get_rendition(image, "w320-webp")
    storage, old_name = image.file.storage, image.file.name

    image.file = upload(photo_bytes((400, 400)), name="new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert (image.width, image.height) == (400, 400)
    assert not storage.exists(old_name) and storage.exists(image.file.name)
    assert not Rendition.objects.filter(pk=old_rendition.pk).exists()
    assert get_rendition(image, "w320-webp").width == 320
