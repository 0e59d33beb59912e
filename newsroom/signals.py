"""One signal for every change readers may see, sent however the change is written.

``public_content_changed`` is sent with ``sender`` (the model) and ``instance`` (the object saved
or deleted, or the story a many-to-many change is about; None for a bulk write, whose rows are
not known one by one). Two receivers listen, both connected in ``articles.apps``: the content
version (``PublicState``), so that every worker's page cache and validators move at its next
request, and the CDN purge (``newsroom.purge``).

A model is public when its QuerySet is a ``PublicContentQuerySet``: ``articles.apps`` relays its
``post_save``, ``post_delete`` and ``m2m_changed`` here, and the QuerySet sends the signal for
the bulk writes that send no model signals (``update``, and so ``bulk_update``, and
``bulk_create``). ``QuerySet.delete`` needs nothing more: with receivers connected, Django sends
``post_delete`` for every row it deletes.
"""

from __future__ import annotations

from django.db import models
from django.dispatch import Signal

public_content_changed = Signal()


class PublicContentQuerySet(models.QuerySet):
    """The base of every public model's QuerySet."""

    def update(self, **kwargs) -> int:
        rows = super().update(**kwargs)
        if rows:
            public_content_changed.send(sender=self.model, instance=None)
        return rows

    def bulk_create(self, objs, *args, **kwargs) -> list:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            public_content_changed.send(sender=self.model, instance=None)
        return created


def is_public_model(model) -> bool:
    return issubclass(model._default_manager._queryset_class, PublicContentQuerySet)


def relay_saved_or_deleted(sender, instance, raw: bool = False, **kwargs) -> None:
    """``post_save`` and ``post_delete`` receiver; ``loaddata`` (``raw``) is left out, as the
    restore that runs it replaces the version's row too."""
    if not raw:
        public_content_changed.send(sender=sender, instance=instance)


def relay_m2m_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        public_content_changed.send(sender=sender, instance=instance)
