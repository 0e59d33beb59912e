"""A public page's first query survives a persistent connection the database has dropped.

Django's health check (``CONN_HEALTH_CHECKS``) costs a round trip at the start of every request;
without it, a connection closed by a database restart or a failover fails its next query. The
public pages' first query (the content version, or the story page's own, which reads it) goes
through ``retry_if_dropped``: the connection is replaced and the query run again, once. A query that
failed on a live connection (a timeout, a cancelled statement) is not run again, nor one inside
a transaction, which the new connection could not continue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError

Result = TypeVar("Result")


def retry_if_dropped(connection, run: Callable[[], Result]) -> Result:
    try:
        return run()
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block or _alive(connection):
            raise
        connection.close()
        return run()


def _alive(connection) -> bool:
    return connection.connection is not None and connection.is_usable()
