import io
from pathlib import PurePosixPath

import pytest
from django.db import IntegrityError
from PIL import Image as PILImage

from images import renditions
from images.models import Rendition
from images.renditions import (
    focal_crop_box,
    get_rendition,
    get_renditions,
    parse_spec,
    rebuild_renditions,
    srcset_specs,
    standard_specs,
)
from tests.images.conftest import assert_no_metadata, exif_with_gps_and_orientation, photo_bytes

pytestmark = pytest.mark.django_db


def opened(rendition):
    rendition.file.open("rb")
    img = PILImage.open(rendition.file)
    img.load()
    rendition.file.close()
    return img


def test_renditions_exist_at_the_standard_widths_in_webp_and_jpeg(make_image, settings):
    settings.NEWSROOM_IMAGE_WIDTHS = [320, 640, 960, 1280, 1920]
    image = make_image((2400, 1600))

    made = get_renditions(image, standard_specs(image))

    for fmt, pillow_format in [("webp", "WEBP"), ("jpeg", "JPEG")]:
        for width in [320, 640, 960, 1280, 1920]:
            rendition = made[f"w{width}-{fmt}"]
            img = opened(rendition)
            assert img.format == pillow_format
            assert img.size == (rendition.width, rendition.height) == (width, round(width * 2 / 3))
            stem = PurePosixPath(image.file.name).stem
            assert rendition.file.name.startswith(f"images/renditions/{stem}/w{width}-{fmt}-")
    assert Rendition.objects.filter(image=image).count() == len(standard_specs(image))


def test_renditions_are_never_wider_than_the_original(make_image, settings):
    settings.NEWSROOM_IMAGE_WIDTHS = [320, 640, 960, 1280, 1920]
    image = make_image((1000, 500))

    assert srcset_specs(image, "webp") == ["w320-webp", "w640-webp", "w960-webp", "w1000-webp"]
    assert get_rendition(image, "w1920-jpeg").width == 1000
    assert max(r.width for r in get_renditions(image, standard_specs(image)).values()) == 1000


def test_small_image_gets_a_single_srcset_entry(make_image):
    image = make_image((200, 100))

    assert srcset_specs(image, "jpeg") == ["w200-jpeg"]


def test_renditions_of_a_rotated_gps_photo_are_upright_and_have_no_metadata(make_image):
    image = make_image(data=photo_bytes((800, 600), exif=exif_with_gps_and_orientation(6)))

    made = get_renditions(image, [*standard_specs(image), "fill-160x160-webp"])

    for rendition in made.values():
        img = opened(rendition)
        assert_no_metadata(img)
        if not rendition.spec.startswith("fill"):
            assert img.height > img.width  # portrait, as the phone was held


def test_transparent_png_becomes_white_in_jpeg_and_stays_transparent_in_webp(make_image):
    data = photo_bytes((400, 300), fmt="PNG", mode="RGBA", color=(0, 0, 0, 0))
    image = make_image(data=data, name="logo.png")

    jpeg = opened(get_rendition(image, "w320-jpeg"))
    webp = opened(get_rendition(image, "w320-webp"))

    assert jpeg.mode == "RGB" and jpeg.getpixel((10, 10)) == (255, 255, 255)
    assert webp.mode == "RGBA" and webp.getpixel((10, 10))[3] == 0


@pytest.mark.parametrize(
    ("size", "ratio", "focal"),
    [
        ((4000, 3000), (1200, 630), (0.05, 0.95)),
        ((4000, 3000), (1, 1), (0.99, 0.01)),
        ((1000, 3000), (1200, 630), (0.5, 0.02)),
        ((3000, 1000), (1, 1), (0.0, 0.0)),
        ((3000, 1000), (1, 1), (1.0, 1.0)),
        ((640, 480), (16, 9), (0.5, 0.5)),
    ],
)
def test_focal_crop_keeps_the_focal_point_inside_and_has_the_ratio(size, ratio, focal):
    width, height = size
    left, top, right, bottom = focal_crop_box(width, height, *ratio, *focal)

    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert left <= focal[0] * width <= right and top <= focal[1] * height <= bottom
    assert (right - left) / (bottom - top) == pytest.approx(ratio[0] / ratio[1], rel=0.01)
    assert right - left == width or bottom - top == height  # the largest such box


def test_open_graph_crop_shows_the_subject_at_the_focal_point(make_image):
    # A grey photo with a red subject in the top-left corner.
    img = PILImage.new("RGB", (3000, 2000), (128, 128, 128))
    img.paste((255, 0, 0), (100, 100, 300, 300))
    out = io.BytesIO()
    img.save(out, "PNG")
    image = make_image(data=out.getvalue(), focal_x=200 / 3000, focal_y=200 / 2000)

    og = opened(get_rendition(image, "fill-1200x630-jpeg"))

    assert og.size == (1200, 630)
    red = og.getpixel((60, 60))  # (200, 200) in the original lands near here after scaling
    assert red[0] > 200 and red[1] < 60


def test_fill_never_upscales_but_keeps_the_ratio(make_image):
    image = make_image((600, 600))

    og = get_rendition(image, "fill-1200x630-jpeg")

    assert (og.width, og.height) == (600, 315)


def test_renditions_are_made_once(make_image, django_assert_num_queries):
    image = make_image((800, 600))
    first = get_rendition(image, "w320-webp")
    image.refresh_from_db()
    image.__dict__.pop("_rendition_cache", None)

    with django_assert_num_queries(1):
        again = get_rendition(image, "w320-webp")

    assert again.pk == first.pk


def test_losing_a_creation_race_returns_the_winner_and_removes_the_copy(make_image):
    # Another request saved the rendition between our lookup and our insert.
    image = make_image((800, 600))
    winner = get_rendition(image, "w320-webp")
    storage = image.file.storage
    files_before = set(storage.listdir(winner.file.name.rsplit("/", 1)[0])[1])

    loser = renditions._store(image, parse_spec("w320-webp"), PILImage.new("RGB", (320, 240)))

    assert loser.pk == winner.pk
    assert Rendition.objects.filter(image=image, spec="w320-webp").count() == 1
    assert set(storage.listdir(winner.file.name.rsplit("/", 1)[0])[1]) == files_before


def test_unique_spec_per_image(make_image):
    image = make_image((100, 100))
    get_rendition(image, "w320-jpeg")

    with pytest.raises(IntegrityError):
        Rendition.objects.create(image=image, spec="w320-jpeg", file="x.jpg", width=1, height=1)


@pytest.mark.parametrize("name", ["w640", "w0-webp", "fill-0x10-jpeg", "w640-gif", "../w640-webp"])
def test_unknown_specs_are_refused(name):
    with pytest.raises(ValueError, match="spec"):
        parse_spec(name)


def test_deleting_an_image_deletes_rendition_files(make_image, django_capture_on_commit_callbacks):
    image = make_image((800, 600))
    made = get_renditions(image, standard_specs(image))
    storage = image.file.storage
    names = [image.file.name, *(r.file.name for r in made.values())]
    assert all(storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not any(storage.exists(name) for name in names)
    assert not Rendition.objects.exists()


def test_rebuild_replaces_renditions(make_image, django_capture_on_commit_callbacks):
    image = make_image((800, 600))
    old = get_rendition(image, "w320-webp")

    with django_capture_on_commit_callbacks(execute=True):
        count = rebuild_renditions(image)

    assert count == len(standard_specs(image))
    assert not Rendition.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)
    assert rebuild_renditions(image, missing_only=True) == 0
