"""``newsroom.compiled``: a query compiled once reads what the ORM reads, on each database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, models
from django.db.models import Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import PublicState
from newsroom.compiled import CompiledQuery, Parameter

pytestmark = pytest.mark.django_db

FIELDS = ("version", "changed_at", "next_boundary_at")


def state_query() -> CompiledQuery:
    return CompiledQuery(lambda: PublicState.objects.filter(pk=1), fields=FIELDS)


def test_rows_are_the_orms_rows_and_follow_every_change():
    now = timezone.now()
    PublicState.objects.update_or_create(
        pk=1, defaults={"version": 7, "changed_at": now, "next_boundary_at": None}
    )
    compiled = state_query()
    assert compiled.rows("default") == list(PublicState.objects.values_list(*FIELDS))
    later = now + timedelta(days=2, microseconds=17)
    PublicState.objects.filter(pk=1).update(version=8, next_boundary_at=later)
    (row,) = compiled.rows("default")
    assert row == (8, now, later)
    assert row == PublicState.objects.values_list(*FIELDS).get()
    assert row[1].tzinfo is not None and row[2].tzinfo is not None


def test_it_compiles_once_and_then_runs_only_its_sql():
    """The one ORM method it relies on that Django does not document: if a release changes
    ``Query.sql_with_params()``, this fails before any page does."""
    queryset = PublicState.objects.filter(pk=1).values_list(*FIELDS)
    sql, params = queryset.query.sql_with_params()
    assert isinstance(sql, str) and tuple(params) == (1,)
    compiled = state_query()
    compiled.rows("default")
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows("default") == list(queryset)
    assert queries.captured_queries[0]["sql"] == queries.captured_queries[1]["sql"]


def test_no_row_is_an_empty_list():
    PublicState.objects.all().delete()
    assert state_query().rows("default") == []


def test_a_parameter_takes_its_value_at_each_run_as_the_orm_would():
    """A datetime through its field's preparation (text on SQLite, compared to the microsecond), a
    string as itself; the queryset is built and compiled once whatever the values."""
    now = timezone.now()
    PublicState.objects.update_or_create(
        pk=1, defaults={"version": 3, "changed_at": now, "next_boundary_at": None}
    )
    builds = []

    def build():
        builds.append(1)
        tag = Parameter("tag", models.CharField())
        return (
            PublicState.objects.filter(changed_at__lte=Parameter("at", models.DateTimeField()))
            .annotate(label=Concat(Value("v"), tag))
            .filter(label="vx")
        )

    compiled = CompiledQuery(build, fields=("version",))
    assert compiled.rows("default", at=now, tag="x") == [(3,)]
    assert compiled.rows("default", at=now - timedelta(microseconds=1), tag="x") == []
    assert compiled.rows("default", at=now + timedelta(days=1), tag="x") == [(3,)]
    assert compiled.rows("default", at=now + timedelta(days=1), tag="y") == []
    assert len(builds) == 1


def test_objects_are_model_instances_with_only_the_fields_read():
    PublicState.objects.update_or_create(
        pk=1, defaults={"version": 5, "changed_at": timezone.now(), "next_boundary_at": None}
    )
    compiled = CompiledQuery(lambda: PublicState.objects.all(), fields=("id", "version"))
    (state,) = compiled.objects("default")
    assert isinstance(state, PublicState) and (state.pk, state.version) == (1, 5)
    assert state.get_deferred_fields() == {"changed_at", "next_boundary_at"}


def test_a_missing_parameter_value_is_an_error_not_a_silent_null():
    compiled = CompiledQuery(
        lambda: PublicState.objects.filter(version=Parameter("v", models.IntegerField())),
        fields=("version",),
    )
    with pytest.raises(KeyError):
        compiled.rows("default")
