"""The review loop keeps every word: the sent-back note where the journalist works, the notes of
publish and schedule in the audit trail, and what was typed on every refused workflow form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleEvent, DeskChecks
from tests.factories import AnonymousAttributionFactory, QuoteFactory, story_in_state, user_in

pytestmark = pytest.mark.django_db
S = Article.Status
ADMIN = "/admin/articles/article/"
NOTE = "Who else confirms the glacier figure? Please add a second source."


@pytest.fixture
def journalist():
    return user_in("Journalist", "reporter")


@pytest.fixture
def editor():
    return user_in("Editor", "desk-editor")


@pytest.fixture
def sent_back(journalist, editor):
    return story_in_state(
        "sent_back", owner=journalist, reviewer=editor, note=NOTE, headline="Glacier cafe closes"
    )


def test_the_journalist_reads_the_note_beside_the_story_on_the_dashboard(client, sent_back):
    client.force_login(sent_back.owner)
    page = client.get("/admin/").content.decode()
    queue = page[page.index("My stories sent back") :]
    assert queue.index("Glacier cafe closes") < queue.index(NOTE) < queue.index("My drafts")


def test_the_dashboard_shows_the_latest_note_of_a_story_sent_back_twice(
    client, journalist, editor, sent_back
):
    workflow.submit(sent_back, by=journalist)
    workflow.send_back(sent_back, by=editor, note="Now the headline is too long.")
    client.force_login(journalist)
    page = client.get("/admin/").content.decode()
    assert "Now the headline is too long." in page
    assert NOTE not in page


def test_the_note_stands_at_the_top_of_the_story_until_it_is_resubmitted(
    client, journalist, sent_back
):
    client.force_login(journalist)
    page = client.get(f"{ADMIN}{sent_back.pk}/change/").content.decode()
    box = page[page.index('id="sent-back-note"') :]
    assert NOTE in box[: box.index("</section>")]
    assert page.index('id="sent-back-note"') < page.index('name="headline"')

    workflow.submit(sent_back, by=journalist)
    page = client.get(f"{ADMIN}{sent_back.pk}/change/").content.decode()
    assert 'id="sent-back-note"' not in page


@pytest.mark.parametrize("action", ["publish", "schedule"])
def test_the_note_of_publish_and_schedule_is_kept_and_shown_in_the_history(
    client, journalist, action
):
    publisher = user_in("Editor", "publisher")
    article = story_in_state("approved", owner=journalist)
    at = timezone.localtime(timezone.now() + timedelta(days=1))
    data = {"note": f"Cleared by legal for the {action}."}
    if action == "schedule":
        data |= {"at_0": at.strftime("%Y-%m-%d"), "at_1": at.strftime("%H:%M:%S")}
    client.force_login(publisher)

    response = client.post(f"{ADMIN}{article.pk}/workflow/{action}/", data)

    assert response.status_code == 302
    event = ArticleEvent.objects.get(article=article, action=action)
    assert (event.actor, event.note) == (publisher, f"Cleared by legal for the {action}.")
    history = client.get(f"{ADMIN}{article.pk}/history/").content.decode()
    assert f"Cleared by legal for the {action}." in history


def test_publish_and_schedule_take_a_note_in_the_workflow(journalist):
    publisher = user_in("Editor", "publisher")
    first, second = (story_in_state("approved", owner=journalist) for _ in range(2))
    workflow.publish(first, by=publisher, note="Front page at noon.")
    workflow.schedule(
        second, by=publisher, at=timezone.now() + timedelta(hours=2), note="For the morning."
    )
    notes = dict(
        ArticleEvent.objects.filter(action__in=["publish", "schedule"]).values_list(
            "action", "note"
        )
    )
    assert notes == {"publish": "Front page at noon.", "schedule": "For the morning."}


def anonymous_story_in_review(journalist):
    article = story_in_state(
        "in_review",
        owner=journalist,
        body="<p>Talks stalled.</p><p>“We are not ready,” an official said.</p>",
    )
    QuoteFactory(
        article=article,
        source=None,
        anonymous=AnonymousAttributionFactory(article=article),
        text="We are not ready,",
        paragraph=1,
    )
    return article


def test_an_approval_refused_for_the_missing_confirmation_keeps_the_note(
    client, journalist, editor
):
    article = anonymous_story_in_review(journalist)
    client.force_login(editor)
    note = "Good piece; the minister's office confirmed the date."

    response = client.post(
        f"{ADMIN}{article.pk}/workflow/approve/", {"note": note, "version": article.version}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "confirm that you know who they are" in page
    assert "Nothing was done" in page
    assert response.context["form"]["note"].value() == note
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_an_approval_refused_as_stale_keeps_what_was_typed_and_shows_the_story_as_it_is(
    client, journalist, editor
):
    article = anonymous_story_in_review(journalist)
    opened_version = article.version
    workflow.withdraw(article, by=journalist)
    workflow.submit(article, by=journalist)
    article.refresh_from_db()
    client.force_login(editor)
    typed = {"note": "Fine by me.", "confirm_anonymous_sources": "on", "version": opened_version}

    response = client.post(f"{ADMIN}{article.pk}/workflow/approve/", typed)

    assert response.status_code == 200
    assert "changed after you opened it" in response.content.decode()
    form = response.context["form"]
    assert form["note"].value() == "Fine by me."
    assert form["confirm_anonymous_sources"].value() is True
    assert form["version"].value() == article.version  # the page now shows this version
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW

    again = client.post(f"{ADMIN}{article.pk}/workflow/approve/", form.data)
    assert again.status_code == 302
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


def test_a_publication_refused_by_a_desk_check_keeps_the_note_and_time(client, journalist):
    publisher = user_in("Editor", "publisher")
    article = story_in_state("approved", owner=journalist, dek="")
    desk = DeskChecks.load()
    desk.dek = "block"
    desk.save()
    client.force_login(publisher)

    response = client.post(
        f"{ADMIN}{article.pk}/workflow/publish/",
        {"note": "Lead for tonight.", "at_0": "2031-01-02", "at_1": "08:00:00"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "the desk check “Dek present” blocks it" in page
    assert "Lead for tonight." in page
    assert 'value="2031-01-02"' in page
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


@pytest.mark.parametrize("action", ["approve", "publish", "schedule"])
def test_the_approve_publish_and_schedule_pages_show_the_checklist(client, journalist, action):
    state = "in_review" if action == "approve" else "approved"
    article = story_in_state(state, owner=journalist, byline_text="", dek="")
    client.force_login(user_in("Editor", "publisher"))

    page = client.get(f"{ADMIN}{article.pk}/workflow/{action}/").content.decode()

    checklist = page[page.index('id="checklist"') :]
    assert 'data-check="quotes"' in checklist
    assert 'class="check-pass" data-check="section"' in checklist
    assert 'class="check-warn" data-check="dek"' in checklist
    assert "Add a staff byline" in checklist
    assert "/admin/articles/deskchecks/" in checklist  # editors may change which block


def test_an_approval_of_a_story_withdrawn_meanwhile_keeps_the_note(client, journalist, editor):
    article = story_in_state("in_review", owner=journalist)
    workflow.withdraw(article, by=journalist)
    client.force_login(editor)

    response = client.post(
        f"{ADMIN}{article.pk}/workflow/approve/",
        {"note": "Approved with one trim.", "version": article.version},
    )

    assert response.status_code == 200
    assert "while it is draft" in response.content.decode()
    assert response.context["form"]["note"].value() == "Approved with one trim."
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
