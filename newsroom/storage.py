"""The site's media storage on the local disk: Django's ``FileSystemStorage`` with each file's URL
remembered.

A page lists every rendition of each picture it shows (a home page about twenty), and Django
builds each URL again with ``urljoin`` and percent-quoting. A URL depends only on the storage's
base URL and the file's name, both in the key, so a remembered one is never wrong; a bounded
LRU caps each worker's memory. S3-like storages (``NEWSROOM_S3_BUCKET``) keep their own
``url()``: theirs may be signed, and expire.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.files.storage import FileSystemStorage

URLS_PER_WORKER = 20_000


class MediaStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        return _url(self, self.base_url, name)


@lru_cache(maxsize=URLS_PER_WORKER)
def _url(storage: MediaStorage, base_url: str | None, name: str | None) -> str:
    return FileSystemStorage.url(storage, name)
