import importlib

import pytest

import newsroom.settings

S3_VARIABLES = [
    "NEWSROOM_S3_BUCKET",
    "NEWSROOM_S3_ENDPOINT_URL",
    "NEWSROOM_S3_REGION",
    "NEWSROOM_S3_CUSTOM_DOMAIN",
    "NEWSROOM_S3_LOCATION",
    "NEWSROOM_S3_QUERYSTRING_AUTH",
    "NEWSROOM_S3_DEFAULT_ACL",
]


@pytest.fixture
def reload_settings(monkeypatch):
    """Re-read newsroom/settings.py under a changed environment (the running settings stay)."""
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield lambda: importlib.reload(newsroom.settings)
    monkeypatch.undo()
    importlib.reload(newsroom.settings)


def test_files_are_stored_locally_by_default(reload_settings):
    settings = reload_settings()

    assert settings.STORAGES["default"] == {"BACKEND": "newsroom.storage.MediaStorage"}


def test_s3_storage_is_configured_from_the_environment(reload_settings, monkeypatch):
    monkeypatch.setenv("NEWSROOM_S3_BUCKET", "newsroom-media")
    monkeypatch.setenv("NEWSROOM_S3_ENDPOINT_URL", "https://s3.example.net")
    monkeypatch.setenv("NEWSROOM_S3_CUSTOM_DOMAIN", "media.example.net")

    storage = reload_settings().STORAGES["default"]

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.net"
    assert storage["OPTIONS"]["region_name"] is None
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert storage["OPTIONS"]["file_overwrite"] is False
    assert not {"access_key", "secret_key"} & set(storage["OPTIONS"])


def test_image_limits_are_read_from_the_environment(reload_settings, monkeypatch):
    monkeypatch.setenv("NEWSROOM_IMAGE_MAX_BYTES", "1048576")
    monkeypatch.setenv("NEWSROOM_IMAGE_MAX_PIXELS", "24000000")
    monkeypatch.setenv("NEWSROOM_IMAGE_WIDTHS", "800, 400,1600")

    settings = reload_settings()

    assert settings.NEWSROOM_IMAGE_MAX_BYTES == 1048576
    assert settings.NEWSROOM_IMAGE_MAX_PIXELS == 24_000_000
    assert settings.NEWSROOM_IMAGE_WIDTHS == [400, 800, 1600]
