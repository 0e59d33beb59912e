"""Reliability: concurrent publishing and editing on PostgreSQL, and a 503 when the database
is unreachable."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client

from articles import views, workflow
from articles.models import Article, ArticleEvent, PublicStateManager
from newsroom.reconnect import retry_if_dropped
from tests.factories import ArticleFactory, change_form_data, story_in_state, user_in

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no concurrent row locks"
)


def run_in_threads(*functions):
    """Run each function in its own thread (so with its own database connection)."""
    results: list = [None] * len(functions)

    def runner(index, function):
        try:
            results[index] = function()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=runner, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_publishing_at_once_publish_once():
    owner = user_in("Journalist", "writer")
    first, second = user_in("Editor", "first-editor"), user_in("Editor", "second-editor")
    article = story_in_state("approved", owner=owner, reviewer=first)
    start = threading.Barrier(2)

    def publish_as(editor):
        def run():
            start.wait()
            return workflow.publish(Article.objects.get(pk=article.pk), by=editor)

        return run

    results = run_in_threads(publish_as(first), publish_as(second))

    published = [r for r in results if isinstance(r, Article)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(published) == 1, results
    assert len(refused) == 1, results
    assert "while it is published" in " ".join(refused[0].messages)
    assert ArticleEvent.objects.filter(article=article, action="publish").count() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editors_publishing_at_once_in_the_admin_get_done_and_already_published(monkeypatch):
    """Both requests are inside their transactions before either writes (each pauses after
    reading the story). On SQLite the second used to fail at once with "database is locked"
    (a 500, or the outage page under gunicorn); now it waits for the first and is told the
    story is already published, as on PostgreSQL, where it waits for the row lock: on the
    publish page again, with what they typed (``admin_views.transition``)."""
    owner = user_in("Journalist", "writer")
    editors = [user_in("Editor", "first-editor"), user_in("Editor", "second-editor")]
    article = story_in_state("approved", owner=owner, reviewer=editors[0])
    locked = workflow._locked

    def slow_locked(story):
        row = locked(story)
        time.sleep(0.3)
        return row

    monkeypatch.setattr(workflow, "_locked", slow_locked)
    url = f"/admin/articles/article/{article.pk}/"
    start = threading.Barrier(2)

    def publish_as(editor):
        def run():
            client = Client()
            client.force_login(editor)
            start.wait()
            response = client.post(f"{url}workflow/publish/", {"note": f"Note of {editor}."})
            if response.status_code != 302:
                return response.status_code, response.content.decode(), editor
            return response.status_code, client.get(f"{url}change/").content.decode(), editor

        return run

    results = run_in_threads(*(publish_as(editor) for editor in editors))

    assert all(isinstance(result, tuple) for result in results), results  # no exception
    assert sorted(result[0] for result in results) == [200, 302], results
    done = next(page for status, page, _ in results if status == 302)
    refused, loser = next((page, editor) for status, page, editor in results if status == 200)
    assert "Done: publish" in done
    assert "while it is published" in refused
    assert f"Note of {loser}." in refused  # what the second editor typed is still there
    assert ArticleEvent.objects.filter(article=article, action="publish").count() == 1


def waiting_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_admin_saves_lose_nothing(monkeypatch):
    """Both forms were opened at version N. The first save holds the row; the second waits,
    then sees version N+1 and is refused with the conflict message instead of overwriting."""
    from articles.admin import ArticleAdmin

    owner = user_in("Journalist", "writer")
    editors = [user_in("Editor", "first-editor"), user_in("Editor", "second-editor")]
    article = story_in_state("draft", owner=owner)
    opened = change_form_data(article)
    first_in_save = threading.Event()
    original_save_model = ArticleAdmin.save_model

    def save_model(self, request, obj, form, change):
        if not first_in_save.is_set():
            first_in_save.set()
            deadline = time.monotonic() + 5
            # Hold the transaction until the other save is waiting for the row lock (or, if
            # nothing locks it, until the deadline: then the other save would overwrite).
            while time.monotonic() < deadline and waiting_locks() == 0:
                time.sleep(0.05)
        return original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(ArticleAdmin, "save_model", save_model)
    url = f"/admin/articles/article/{article.pk}/change/"

    def save_as(editor, headline, wait_for=None):
        def run():
            if wait_for is not None:
                wait_for.wait(timeout=10)
            client = Client()
            client.force_login(editor)
            return client.post(url, {**opened, "headline": headline}).status_code

        return run

    results = run_in_threads(
        save_as(editors[0], "First editor's headline"),
        save_as(editors[1], "Second editor's headline", wait_for=first_in_save),
    )

    assert results == [302, 200]  # the second sees the conflict form, with its text kept
    article.refresh_from_db()
    assert article.headline == "First editor's headline"
    assert article.version == opened["edit_version"] + 1


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize("url", ["/", "/feeds/rss/", "/archive/"])
def test_readers_get_a_503_page_when_the_database_is_unreachable(settings, error, url):
    settings.NEWSROOM_PAGE_CACHE = False

    def unreachable(execute, sql, params, many, context):
        raise error("could not connect to server: Connection refused")

    with connection.execute_wrapper(unreachable):
        response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "We will be back shortly" in page
    assert settings.NEWSROOM_NAME in page
    assert "css/site.css" in page  # the site's design
    assert "Traceback" not in page and "Connection refused" not in page


@pytest.mark.django_db
def test_other_errors_are_still_a_plain_500(monkeypatch, settings):
    settings.NEWSROOM_PAGE_CACHE = False

    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_readers_get_a_503_page_when_the_content_version_cannot_be_read(monkeypatch, settings):
    """With the page cache on, the first database read is the middleware's version lookup."""
    settings.NEWSROOM_PAGE_CACHE = True

    def unreachable(self, *, now):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(PublicStateManager, "current", unreachable)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert "We will be back shortly" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a persistent server connection")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_story_page_survives_a_connection_the_database_dropped(client, settings):
    """Without Django's per-request health check, the content-version read reconnects once."""
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    assert client.get(story.get_absolute_url()).status_code == 200
    # What a database restart does to the connection, from another session.
    other = connection.get_new_connection(connection.get_connection_params())
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.get_backend_pid()])
    other.close()
    assert connection.connection is not None  # Django has not noticed

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert story.headline in response.content.decode()


# Outside a transaction, where a retry could happen.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_that_failed_on_a_live_connection_is_not_run_again():
    """A timeout or a cancelled statement would only fail again, at twice the cost."""
    calls = []

    def cancelled():
        calls.append(1)
        raise OperationalError("canceling statement due to statement timeout")

    connection.ensure_connection()
    with pytest.raises(OperationalError):
        retry_if_dropped(connection, cancelled)
    assert calls == [1]
