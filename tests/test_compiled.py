"""``newsroom.compiled``: a query compiled once reads what the ORM reads, on each database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Value
from django.db.models.functions import Concat, JSONObject
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction, PublicState
from newsroom.compiled import (
    CompiledQuery,
    JSONRows,
    JSONRowsField,
    ListParameter,
    Nested,
    Parameter,
    _numbered,
)
from sources.models import Quote
from tests.factories import ArticleFactory, QuoteFactory, SectionFactory, SourceFactory

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


def test_objects_take_fields_in_any_order_with_their_relations_and_annotations():
    """A relation's fields become an instance of its model, set on the relation as
    ``select_related()`` sets it (a null key reads as None, without a query); an annotation
    becomes an attribute, read by the field given for it (here JSON)."""
    section = SectionFactory(name="Economy", slug="economy")
    with_section = ArticleFactory(section=section, dek="A dek")
    without = ArticleFactory(section=None)
    compiled = CompiledQuery(
        lambda: (
            Article.objects.filter(pk__in=[with_section.pk, without.pk])
            .annotate(facts=JSONObject(dek=F("dek")))
            .order_by("pk")
        ),
        fields=("headline", "section__slug", "id", "facts", "section", "section__name"),
        annotations={"facts": models.JSONField()},
    )
    first, second = compiled.objects("default")
    assert (first.pk, first.headline) == (with_section.pk, with_section.headline)
    assert first.section == section and first.section.name == "Economy"
    assert first.section.get_deferred_fields() == {"description", "position"}
    assert first.facts == {"dek": "A dek"}
    assert "dek" in first.get_deferred_fields() and "headline" not in first.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        assert first.section.slug == "economy"
        assert second.section is None and second.section_id is None
    assert not queries.captured_queries


def test_objects_need_the_primary_key_and_each_relations_key():
    without_pk = CompiledQuery(lambda: PublicState.objects.all(), fields=("version",))
    with pytest.raises(ValueError, match="primary key"):
        without_pk.objects("default")
    without_key = CompiledQuery(lambda: Article.objects.all(), fields=("id", "section__name"))
    with pytest.raises(ValueError, match="section"):
        without_key.objects("default")


def stories_with_their_lists() -> CompiledQuery:
    made_public = Parameter("now", models.DateTimeField())
    return CompiledQuery(
        lambda: Article.objects.order_by("pk"),
        fields=("id", "headline"),
        nested={
            "said": Nested(
                lambda: Quote.objects.filter(article=OuterRef("pk")).order_by("-paragraph"),
                fields=("id", "text", "is_direct", "paragraph", "source", "source__name"),
            ),
            "notes": Nested(
                lambda: Correction.objects.filter(article=OuterRef("pk")).made_public(
                    now=made_public
                ),
                fields=("id", "kind", "text", "published_at"),
            ),
        },
    )


def test_nested_lists_are_read_in_the_rows_own_statement_as_the_orm_reads_them():
    """Each list holds what the ORM reads for that row, in its order, as the model's instances
    with their relations; times aware, booleans as booleans; a row without any has ``[]``."""
    story, quiet = ArticleFactory(), ArticleFactory()
    person = SourceFactory(name="Aizaz Chaudhry")
    for paragraph, is_direct in ((2, True), (7, False), (4, True)):
        QuoteFactory(article=story, source=person, paragraph=paragraph, is_direct=is_direct)
    published = timezone.now() - timedelta(minutes=5, microseconds=3)
    Correction.objects.create(
        article=story, text="An earlier version erred.", published_at=published
    )
    Correction.objects.create(
        article=story, text="Not yet public.", published_at=timezone.now() + timedelta(hours=1)
    )
    compiled = stories_with_their_lists()
    with CaptureQueriesContext(connection) as queries:
        first, second = compiled.objects("default", now=timezone.now())
    assert len(queries.captured_queries) == 1
    expected = Quote.objects.filter(article=story).order_by("-paragraph")
    assert [(q.pk, q.paragraph, q.is_direct) for q in first.said] == [
        (q.pk, q.paragraph, q.is_direct) for q in expected
    ]
    assert [q.paragraph for q in first.said] == [7, 4, 2]
    assert all(isinstance(q, Quote) and type(q.is_direct) is bool for q in first.said)
    assert first.said[0].source == person and first.said[0].source.name == "Aizaz Chaudhry"
    assert first.said[0].get_deferred_fields() >= {"position", "organisation_id"}
    (correction,) = first.notes
    assert correction.published_at == published and correction.published_at.tzinfo is not None
    assert correction.text == "An earlier version erred."
    assert (second.pk, second.said, second.notes) == (quiet.pk, [], [])


def test_rows_with_the_same_related_key_share_one_instance():
    """As ``prefetch_related()`` does: a speaker's quotes carry one instance of the speaker, in a
    nested list as in a query's own rows; another key gets its own."""
    section, other_section = SectionFactory(), SectionFactory()
    story = ArticleFactory(section=section)
    ArticleFactory(section=section)
    ArticleFactory(section=other_section)
    person, other_person = SourceFactory(), SourceFactory()
    for paragraph, speaker in ((1, person), (2, other_person), (3, person)):
        QuoteFactory(article=story, source=speaker, paragraph=paragraph)

    first, second, third = CompiledQuery(
        lambda: Article.objects.order_by("pk"), fields=("id", "section", "section__name")
    ).objects("default")
    assert first.section is second.section and first.section.pk == section.pk
    assert third.section is not first.section and third.section.pk == other_section.pk

    said = stories_with_their_lists().objects("default", now=timezone.now())[0].said
    assert [quote.source_id for quote in said] == [person.pk, other_person.pk, person.pk]
    assert said[0].source is said[2].source and said[1].source is not said[0].source
    assert said[1].source.name == other_person.name


def test_json_rows_carry_another_querysets_values_in_an_aggregates_row():
    """Rows of values (grouped and limited here) ride in an aggregate's one row (there is one
    even with nothing to count), as JSON decoded into lists in the subquery's order; ``[]``
    when there are none."""
    desk, quiet_desk = SectionFactory(name="Desk"), SectionFactory(name="Quiet")
    ArticleFactory.create_batch(3, section=desk)
    ArticleFactory(section=SectionFactory(name="Desk, small"))
    section = Parameter("section", models.BigIntegerField())

    def build():
        per_section = (
            Article.objects.filter(section__name__startswith="Desk")
            .values("section__name")
            .annotate(stories=Count("pk"))
            .order_by("-stories", "section__name")
        )
        busiest = JSONRows(per_section[:2], ("section__name", "stories"))
        return (
            Article.objects.filter(section=section)
            .order_by()
            .annotate(every=Value(1))
            .values("every")
            .annotate(stories=Count("pk"), busiest=busiest)
        )

    compiled = CompiledQuery(
        build,
        fields=("stories", "busiest"),
        annotations={"stories": models.IntegerField(), "busiest": JSONRowsField()},
    )
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows("default", section=desk.pk) == [(3, [["Desk", 3], ["Desk, small", 1]])]
    assert len(queries.captured_queries) == 1
    assert compiled.rows("default", section=quiet_desk.pk) == [
        (0, [["Desk", 3], ["Desk, small", 1]])
    ]

    empty = CompiledQuery(
        lambda: PublicState.objects.annotate(
            none=JSONRows(Article.objects.filter(pk__lt=0), ("id", "headline"))
        ),
        fields=("version", "none"),
        annotations={"none": JSONRowsField()},
    )
    PublicState.objects.current(now=timezone.now())
    assert [none for _, none in empty.rows("default")] == [[]]


def test_a_list_parameter_takes_a_list_of_any_length_at_each_run():
    """``pk__in`` a list compiled once: the database reads the list given at each run (an array
    on PostgreSQL, JSON on SQLite), an empty one included."""
    stories = ArticleFactory.create_batch(3)
    builds = []

    def build():
        builds.append(1)
        return Article.objects.filter(pk__in=ListParameter("ids", models.BigIntegerField()))

    compiled = CompiledQuery(build, fields=("id",))
    ids = sorted(story.pk for story in stories)
    assert sorted(row[0] for row in compiled.rows("default", ids=ids)) == ids
    assert compiled.rows("default", ids=ids[1:2]) == [(ids[1],)]
    assert compiled.rows("default", ids=[]) == []
    assert len(builds) == 1


def test_placeholders_are_numbered_for_prepare_and_escaped_percent_signs_restored():
    sql = "SELECT a FROM t WHERE UPPER(b) %%> %s AND c = %s AND d LIKE '%%x'"
    assert _numbered(sql, ("x", 1)) == (
        "SELECT a FROM t WHERE UPPER(b) %> $1 AND c = $2 AND d LIKE '%x'",
        (0, 1),
    )


def test_a_parameter_is_one_number_wherever_it_appears_and_each_constant_its_own():
    now = Parameter("now", models.DateTimeField())
    slug = Parameter("slug", models.SlugField())
    sql = "WHERE a <= %s AND b = %s AND c <= %s AND d = %s AND e = %s AND f = %s"
    assert _numbered(sql, (now, 1, now, slug, 1, now)) == (
        "WHERE a <= $1 AND b = $2 AND c <= $1 AND d = $3 AND e = $4 AND f = $1",
        (0, 1, 3, 4),
    )


def prepared_state_query() -> CompiledQuery:
    return CompiledQuery(
        lambda: PublicState.objects.filter(
            pk=1, changed_at__lte=Parameter("now", models.DateTimeField())
        ),
        fields=FIELDS,
        prepared=True,
    )


def statements_run(compiled: CompiledQuery, **values) -> list[str]:
    expected = list(PublicState.objects.values_list(*FIELDS))
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows("default", **values) == expected
    return [query["sql"].split("(")[0].split(" AS ")[0] for query in queries.captured_queries]


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL prepared statements"
)


@on_postgresql
def test_a_prepared_query_is_prepared_once_per_persistent_connection(monkeypatch):
    """Prepared on first use, then only executed, with the ORM's rows and each run's values; a
    connection closed after each request (``CONN_MAX_AGE=0``) prepares nothing."""
    PublicState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
    compiled = prepared_state_query()
    name = compiled.statement
    assert not statements_run(compiled, now=timezone.now())[0].startswith("PREPARE")

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    assert statements_run(compiled, now=timezone.now()) == [f"PREPARE {name}", f"EXECUTE {name}"]
    assert statements_run(compiled, now=timezone.now()) == [f"EXECUTE {name}"]
    assert compiled.rows("default", now=timezone.now() - timedelta(days=1)) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans FROM pg_prepared_statements WHERE name = %s", [name])
        assert cursor.fetchone()[0] >= 2  # planned once, for any values (settings)
    assert prepared_state_query().statement != name


@on_postgresql
def test_nothing_is_prepared_when_the_site_says_so(monkeypatch, settings):
    """Behind a pooler in transaction mode (``NEWSROOM_PREPARED_STATEMENTS=off``)."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    settings.NEWSROOM_PREPARED_STATEMENTS = False
    PublicState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
    (statement,) = statements_run(prepared_state_query(), now=timezone.now())
    assert statement.startswith("SELECT ")


@on_postgresql
def test_a_prepared_query_is_given_each_parameters_value_once(monkeypatch):
    """A ``Parameter`` in several places is one value of ``EXECUTE``, as it is of the rows."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)

    def published(now):
        return Article.objects.published(now=now).order_by("pk")

    compiled = CompiledQuery(
        lambda: published(Parameter("now", models.DateTimeField())), fields=("id",), prepared=True
    )
    story = ArticleFactory(published_at=timezone.now() - timedelta(hours=1))
    ArticleFactory(published_at=timezone.now() - timedelta(hours=1), embargo_until=timezone.now())
    ArticleFactory(
        published_at=timezone.now() - timedelta(hours=1),
        embargo_until=timezone.now() + timedelta(hours=1),
    )
    expected = list(published(timezone.now()).values_list("id"))
    assert len(expected) == 2 and (story.pk,) in expected
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows("default", now=timezone.now()) == expected
        assert compiled.rows("default", now=timezone.now() - timedelta(days=1)) == []
    executed = queries.captured_queries[-1]["sql"]
    assert executed.startswith(f"EXECUTE {compiled.statement}(")
    assert executed.count("::timestamptz") == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_connection_prepares_the_statement_again(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    PublicState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
    compiled = prepared_state_query()
    name = compiled.statement
    assert statements_run(compiled, now=timezone.now()) == [f"PREPARE {name}", f"EXECUTE {name}"]
    connection.close()
    assert statements_run(compiled, now=timezone.now()) == [f"PREPARE {name}", f"EXECUTE {name}"]
