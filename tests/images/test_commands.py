import pytest
from django.core.management import CommandError, call_command

from images.models import Rendition
from images.renditions import get_rendition, standard_specs

pytestmark = pytest.mark.django_db


def test_make_renditions_creates_the_standard_set_for_every_image(make_image, capsys):
    images = [make_image((1600, 900)), make_image((300, 200))]

    call_command("make_renditions")

    for image in images:
        specs = set(image.renditions.values_list("spec", flat=True))
        assert specs == set(standard_specs(image))
    assert "Made" in capsys.readouterr().out


def test_missing_only_keeps_existing_renditions(make_image):
    image = make_image((800, 600))
    kept = get_rendition(image, "w320-webp")

    call_command("make_renditions", "--missing-only")

    assert Rendition.objects.filter(pk=kept.pk).exists()
    assert image.renditions.count() == len(standard_specs(image))


def test_without_missing_only_renditions_are_remade(make_image, django_capture_on_commit_callbacks):
    image = make_image((800, 600))
    old = get_rendition(image, "w320-webp")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions")

    assert not Rendition.objects.filter(pk=old.pk).exists()
    assert image.renditions.filter(spec="w320-webp").exists()


def test_an_image_with_a_missing_file_is_reported_and_the_rest_are_done(make_image, capsys):
    broken = make_image((800, 600), title="Broken")
    fine = make_image((800, 600), title="Fine")
    broken.file.storage.delete(broken.file.name)

    with pytest.raises(CommandError, match="1 image"):
        call_command("make_renditions")

    assert "Broken" in capsys.readouterr().err
    assert fine.renditions.count() == len(standard_specs(fine))
