"""Remembered media URLs are Django's URLs, for the media URL in use."""

import pytest
from django.core.files.storage import FileSystemStorage, default_storage

from newsroom.storage import MediaStorage


@pytest.mark.parametrize(
    "name",
    [
        "images/renditions/1/w640-webp-1a2b3c4d.webp",
        "images/originals/Prime Minister’s office.jpg",
        "images/originals/100%-sure?.png",
    ],
)
def test_a_remembered_url_is_the_url_django_builds(name):
    storage = MediaStorage()
    for _ in range(2):
        assert storage.url(name) == FileSystemStorage().url(name)


def test_urls_follow_the_media_url(settings):
    name = "images/renditions/1/w640-webp-1a2b3c4d.webp"
    assert default_storage.url(name) == f"/media/{name}"
    settings.MEDIA_URL = "https://media.example.net/files/"
    assert default_storage.url(name) == f"https://media.example.net/files/{name}"
    settings.MEDIA_URL = "/media/"
    assert default_storage.url(name) == f"/media/{name}"


def test_the_site_stores_media_with_it():
    assert isinstance(default_storage, MediaStorage)
