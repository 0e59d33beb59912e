"""Send public reads to a read replica; everything else stays on the primary.

Reads go to the ``replica`` alias only inside ``reading_from_replica()``, which
``ReplicaForPublicReadsMiddleware`` enters for anonymous GET and HEAD requests outside the
admin. Everything else reads from ``default``: the admin and logged-in staff (an editor must
see the story they have just saved, not a copy seconds behind), POSTs, management commands,
the workflow's ``select_for_update()``, shells and tests. Defaulting to the primary means code
that runs outside a request can never read stale data by accident.

Writes and migrations always go to ``default``. The router is installed only when
``DATABASE_REPLICA_URL`` is set (see settings), so a single-database deployment is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_use_replica: ContextVar[bool] = ContextVar("newsroom_use_replica", default=False)
# Models whose reads must never lag: sessions and accounts (a login that has just been written
# must be visible on the next request, whichever app server answers it).
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth"})


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


@contextmanager
def reading_from_primary() -> Iterator[None]:
    token = _use_replica.set(False)
    try:
        yield
    finally:
        _use_replica.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _use_replica.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY  # read-your-writes inside a transaction
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
