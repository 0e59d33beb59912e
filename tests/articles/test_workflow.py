"""Every transition of the editorial workflow, allowed and refused, with controlled time."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleEvent, Correction, ShareLink
from newsroom import purge
from sources.models import Mention, Quote, Source
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    AuthorFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
    story_in_state,
    user_in,
)

pytestmark = pytest.mark.django_db
S = Article.Status
NOW = timezone.now()


@pytest.fixture
def journalist():
    return user_in("Journalist", "reporter")


@pytest.fixture
def editor():
    return user_in("Editor", "desk-editor")


@pytest.fixture
def other_editor():
    return user_in("Editor", "night-editor")


def story(owner, state="draft", **fields):
    """A story ``owner`` wrote, brought to ``state`` through the workflow."""
    if state in {"published", "embargoed", "unpublished"}:
        fields.setdefault("published_at", NOW - timedelta(hours=1))
    return story_in_state(state, owner=owner, **fields)


def approved_story(owner, editor):
    return story(owner, "approved", reviewer=editor)


def test_journalist_submits_own_draft_and_an_event_is_written(journalist):
    article = story(journalist)
    workflow.submit(article, by=journalist)
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    event = ArticleEvent.objects.get(article=article)
    assert (event.actor, event.from_status, event.to_status, event.action) == (
        journalist,
        S.DRAFT,
        S.IN_REVIEW,
        "submit",
    )


def test_journalist_cannot_submit_another_journalists_draft(journalist):
    article = story(user_in("Journalist", "someone-else"))
    with pytest.raises(PermissionDenied):
        workflow.submit(article, by=journalist)
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    assert not ArticleEvent.objects.exists()


def test_byline_author_counts_as_own(journalist):
    article = story(None)
    article.authors.add(AuthorFactory(user=journalist))
    workflow.submit(article, by=journalist)
    assert article.status == S.IN_REVIEW


def test_journalist_withdraws_from_review_to_draft(journalist):
    article = story(journalist, "in_review")
    workflow.withdraw(article, by=journalist)
    assert article.status == S.DRAFT


def test_editor_sends_back_with_a_note(journalist, editor):
    article = story(journalist, "in_review")
    workflow.send_back(article, by=editor, note="Second source, please.")
    assert article.status == S.SENT_BACK
    assert article.events.get(action="send_back").note == "Second source, please."


def test_send_back_needs_a_note(journalist, editor):
    article = story(journalist, "in_review")
    with pytest.raises(ValidationError):
        workflow.send_back(article, by=editor, note=" ")
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_sent_back_story_can_be_resubmitted(journalist):
    article = story(journalist, "sent_back")
    workflow.submit(article, by=journalist)
    assert article.status == S.IN_REVIEW


def test_journalist_cannot_approve_or_publish(journalist):
    article = story(journalist, "in_review")
    for call in [
        lambda: workflow.approve(article, by=journalist, version=article.version),
        lambda: workflow.send_back(article, by=journalist, note="x"),
        lambda: workflow.publish(article, by=journalist),
    ]:
        with pytest.raises(PermissionDenied):
            call()
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_approval_records_the_revision_approved(journalist, editor):
    article = approved_story(journalist, editor)
    assert article.status == S.APPROVED
    event = article.events.get(action="approve")
    assert event.revision == article.approved_revision
    assert article.approved_revision.content["headline"] == article.headline


def test_four_eyes_editor_cannot_approve_or_publish_own_story(editor, other_editor):
    article = story(editor, "in_review")
    with pytest.raises(PermissionDenied, match="four-eyes"):
        workflow.approve(article, by=editor, version=article.version)
    workflow.approve(article, by=other_editor, version=article.version)
    with pytest.raises(PermissionDenied, match="four-eyes"):
        workflow.publish(article, by=editor)
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


def test_four_eyes_applies_to_byline_authors(editor, journalist):
    article = story(journalist, "in_review")
    article.authors.add(AuthorFactory(user=editor))
    with pytest.raises(PermissionDenied):
        workflow.approve(article, by=editor, version=article.version)


def test_approving_anonymous_quotes_requires_confirmation(journalist, editor):
    article = story(journalist, "in_review")
    anonymous = AnonymousAttributionFactory(article=article)
    QuoteFactory(article=article, source=None, anonymous=anonymous, text="First paragraph.")
    with pytest.raises(ValidationError, match="anonymous"):
        workflow.approve(article, by=editor, version=article.version)
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    workflow.approve(article, by=editor, version=article.version, confirm_anonymous_sources=True)
    assert article.events.get(action="approve").details["confirmed_anonymous_sources"] is True


def test_publish_now_makes_the_story_public(journalist, editor):
    article = approved_story(journalist, editor)
    workflow.publish(article, by=editor, now=NOW)
    assert article.status == S.PUBLISHED
    assert article.published_at == NOW
    assert Article.objects.published(now=NOW + timedelta(seconds=1)).filter(pk=article.pk).exists()


def test_scheduled_story_becomes_public_at_its_time_without_any_job(journalist, editor):
    article = approved_story(journalist, editor)
    at = NOW + timedelta(hours=5)
    workflow.schedule(article, by=editor, at=at, now=NOW)
    assert article.status == S.PUBLISHED
    published = Article.objects.published
    assert not published(now=NOW).filter(pk=article.pk).exists()
    assert published(now=at).filter(pk=article.pk).exists()


def test_schedule_refuses_a_past_time(journalist, editor):
    article = approved_story(journalist, editor)
    with pytest.raises(ValidationError):
        workflow.schedule(article, by=editor, at=NOW - timedelta(hours=1), now=NOW)
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


def test_scheduled_story_can_be_moved_but_a_public_one_cannot_be_rescheduled(journalist, editor):
    article = approved_story(journalist, editor)
    workflow.schedule(article, by=editor, at=timezone.now() + timedelta(hours=5))
    later = timezone.now() + timedelta(days=1)
    workflow.schedule(article, by=editor, at=later)
    assert article.published_at == later
    live = story(journalist, "published")
    with pytest.raises(ValidationError):
        workflow.schedule(live, by=editor, at=later)


def test_embargo_keeps_a_published_story_private_until_it_passes(journalist, editor):
    article = story(journalist, "published", published_at=NOW - timedelta(hours=1))
    events = article.events.count()
    workflow.set_embargo(article, by=editor, until=NOW + timedelta(hours=2))
    published = Article.objects.published
    assert not published(now=NOW).filter(pk=article.pk).exists()
    assert published(now=NOW + timedelta(hours=2)).filter(pk=article.pk).exists()
    assert article.events.count() == events + 1
    assert article.events.first().action == "embargo"


def test_journalist_cannot_set_an_embargo(journalist):
    article = story(journalist)
    with pytest.raises(PermissionDenied):
        workflow.set_embargo(article, by=journalist, until=NOW)


def test_approval_of_a_version_the_editor_was_not_shown_is_refused(journalist, editor):
    article = story(journalist, "in_review")
    shown = article.version  # the editor opens the approve page
    workflow.withdraw(article, by=journalist)
    article.body = "<p>Words the editor never read.</p>"
    article.save()
    workflow.submit(article, by=journalist)
    with pytest.raises(ValidationError, match="changed after you opened it"):
        workflow.approve(article, by=editor, version=shown)
    article.refresh_from_db()
    assert (article.status, article.approved_revision) == (S.IN_REVIEW, None)
    workflow.approve(article, by=editor, version=article.version)
    assert article.approved_revision.content["body"] == "<p>Words the editor never read.</p>"


def edit_words(article, *, by, **text):
    """An edit of the words as any screen saves it: snapshot, save, ``after_edit``."""
    before = revisions.snapshot(article)
    for name, value in text.items():
        setattr(article, name, value)
    article.save()
    return workflow.after_edit(article, by=by, before=before)


def test_a_change_to_a_scheduled_story_returns_it_to_review_off_the_schedule(
    journalist, editor, other_editor
):
    article = approved_story(journalist, other_editor)
    at = NOW + timedelta(hours=5)
    workflow.schedule(article, by=other_editor, at=at, now=NOW)
    article.authors.add(AuthorFactory(user=editor))  # an author who is an editor

    assert edit_words(article, by=editor, body="<p>Unreviewed words.</p>") == "reopen"

    article.refresh_from_db()
    assert (article.status, article.approved_revision, article.published_at) == (
        S.IN_REVIEW,
        None,
        None,
    )
    assert not Article.objects.published(now=at + timedelta(days=1)).filter(pk=article.pk)
    event = article.events.get(action="reopen")
    assert event.details["cleared_publish_time"] == at.isoformat()


def test_a_change_to_an_embargoed_story_returns_it_to_review(journalist, editor, other_editor):
    article = story(journalist, "embargoed", embargo_until=NOW + timedelta(days=1))
    assert edit_words(article, by=editor, headline="A new headline") == "reopen"
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_who_changed_an_approved_story_cannot_approve_the_change(journalist, editor, other_editor):
    article = story(journalist, "in_review")
    quote = QuoteFactory(article=article, text="First paragraph.", paragraph=0)
    workflow.approve(article, by=editor, version=article.version)
    before = revisions.snapshot(article)
    quote.text = "Second paragraph."  # a change to the quotes counts
    quote.save()

    assert workflow.after_edit(article, by=other_editor, before=before) == "reopen"

    article.refresh_from_db()
    assert (article.status, article.text_changed_by) == (S.IN_REVIEW, other_editor)
    with pytest.raises(PermissionDenied, match="you made the last change"):
        workflow.approve(article, by=other_editor, version=article.version)
    assert "approve" not in workflow.allowed_actions(article, by=other_editor)
    workflow.approve(article, by=editor, version=article.version)
    assert article.status == S.APPROVED


def test_a_change_to_a_public_storys_words_needs_a_note_readers_see(journalist, editor):
    article = story(journalist, "published")
    with pytest.raises(ValidationError, match="needs a correction or update note"):
        edit_words(article, by=editor, headline="A silent new headline")
    before = revisions.snapshot(Article.objects.get(pk=article.pk))
    article.headline = "A corrected headline"
    article.save()
    outcome = workflow.after_edit(
        article, by=editor, before=before, note="We corrected the headline.", kind="update", now=NOW
    )
    assert outcome == "correct"
    article.refresh_from_db()
    assert article.public_updated_at == NOW
    assert article.corrections.get().kind == Correction.Kind.UPDATE
    assert article.status == S.PUBLISHED


def test_restoring_a_public_storys_revision_changes_nothing_live(journalist, editor):
    article = story(journalist, "published", headline="Live headline")
    old = revisions.record(article, by=editor)
    edit = revisions.snapshot(article)
    article.headline = "Newer headline"
    article.save()
    workflow.after_edit(article, by=editor, before=edit, note="Sharper headline.")

    restored = workflow.restore(old, by=editor)

    assert restored.held
    assert Article.objects.get(pk=article.pk).headline == "Newer headline"
    assert restored.revision.content["headline"] == "Live headline"
    assert article.events.filter(action="restore").get().details["held"] is True
    with pytest.raises(ValidationError, match="needs a correction or update note"):
        workflow.publish_revision(restored.revision, by=editor, text=" ")
    assert Article.objects.get(pk=article.pk).headline == "Newer headline"

    note = workflow.publish_revision(restored.revision, by=editor, text="Headline restored.")

    article.refresh_from_db()
    assert article.headline == "Live headline"
    assert note.text == "Headline restored."
    assert article.revisions.first().note == f"Published revision {restored.revision.number}"


def test_a_journalist_cannot_publish_a_revision(journalist, editor):
    article = story(journalist, "published")
    revision = revisions.record(article, by=journalist, content={**revisions.snapshot(article)})
    with pytest.raises(PermissionDenied):
        workflow.publish_revision(revision, by=journalist, text="x")


def test_approval_and_publication_are_refused_while_a_quote_is_not_in_the_body(journalist, editor):
    article = story(journalist, "in_review", body="<p>He said the talks were useful.</p>")
    QuoteFactory(article=article, text="the talks failed", paragraph=0, source__name="Ali Raza")
    with pytest.raises(ValidationError, match="¶1: the direct quote “the talks failed”"):
        workflow.approve(article, by=editor, version=article.version)
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    # Approved before the rule existed: publication is refused too, naming the quote.
    article.status = S.APPROVED
    article.approved_revision = revisions.record(article, by=editor)
    article.save()
    for call in [
        lambda: workflow.publish(article, by=editor),
        lambda: workflow.schedule(article, by=editor, at=timezone.now() + timedelta(hours=1)),
    ]:
        with pytest.raises(ValidationError, match="Ali Raza"):
            call()
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


@pytest.mark.parametrize(
    ("text", "is_direct", "in_body"),
    [
        ("the talks were useful", True, True),
        ("The talks were useful", True, False),  # a direct quote keeps its case
        ("The talks were useful", False, True),  # reported speech: the same words suffice
        ("the talks were very useful", False, False),
    ],
)
def test_a_quote_is_in_the_body_verbatim_or_for_reported_speech_word_for_word(
    text, is_direct, in_body
):
    from articles import sourcing

    article = ArticleFactory(body="<p>He said the talks were useful.</p>")
    QuoteFactory(article=article, text=text, is_direct=is_direct, paragraph=0)
    assert (sourcing.quote_problems(article) == []) is in_body


def test_text_changed_after_approval_cannot_be_published(journalist, editor):
    article = approved_story(journalist, editor)
    Article.objects.filter(pk=article.pk).update(body="<p>Different words.</p>")
    with pytest.raises(ValidationError, match="changed after it was approved"):
        workflow.publish(article, by=editor)
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


def test_reopen_puts_an_approved_story_back_in_review(journalist, editor):
    article = approved_story(journalist, editor)
    workflow.reopen(article, by=journalist)
    assert article.status == S.IN_REVIEW
    assert article.approved_revision is None


def test_silent_unpublish_and_republish(journalist, editor, other_editor):
    article = story(journalist, "published")
    workflow.unpublish(article, by=editor, reason="Legal asked us to hold it.")
    assert article.status == S.UNPUBLISHED
    assert article.retraction_note == ""
    assert article.events.get(action="unpublish").note == "Legal asked us to hold it."
    workflow.republish(article, by=other_editor)
    assert article.status == S.PUBLISHED


def test_retraction_keeps_the_note(journalist, editor):
    article = story(journalist, "published")
    workflow.unpublish(article, by=editor, reason="The figures were wrong.", retract=True)
    assert article.retraction_note == "The figures were wrong."


@pytest.mark.parametrize(
    ("state", "times"),
    [
        ("scheduled", {"published_at": NOW + timedelta(hours=3)}),
        (
            "embargoed",
            {"published_at": NOW - timedelta(hours=1), "embargo_until": NOW + timedelta(hours=3)},
        ),
    ],
    ids=["scheduled", "embargoed"],
)
def test_a_story_that_was_never_public_cannot_be_retracted(journalist, editor, state, times):
    article = story(journalist, state, **times)
    with pytest.raises(ValidationError, match="without a retraction"):
        workflow.unpublish(article, by=editor, reason="Wrong figures.", retract=True)
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED
    workflow.unpublish(article, by=editor, reason="Wrong figures.")
    assert Article.objects.get(pk=article.pk).retraction_note == ""


def test_unpublish_needs_a_reason(journalist, editor):
    article = story(journalist, "published")
    with pytest.raises(ValidationError):
        workflow.unpublish(article, by=editor, reason="")


def test_correction_is_dated_and_moves_public_update_time(journalist, editor):
    article = story(journalist, "published")
    note = workflow.correct(article, by=editor, text="We misspelt a name.", now=NOW)
    assert note.published_at == NOW
    assert Article.objects.get(pk=article.pk).public_updated_at == NOW
    assert note.kind == Correction.Kind.CORRECTION


def test_journalist_cannot_add_a_correction(journalist):
    article = story(journalist, "published")
    with pytest.raises(PermissionDenied):
        workflow.correct(article, by=journalist, text="x")
    assert not Correction.objects.exists()


ILLEGAL = [
    ("submit", S.IN_REVIEW),
    ("submit", S.PUBLISHED),
    ("withdraw", S.DRAFT),
    ("send_back", S.DRAFT),
    ("approve", S.DRAFT),
    ("approve", S.PUBLISHED),
    ("publish", S.DRAFT),
    ("publish", S.IN_REVIEW),
    ("unpublish", S.DRAFT),
    ("republish", S.PUBLISHED),
    ("correct", S.DRAFT),
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_illegal_transition_is_refused_and_changes_nothing(journalist, action, status):
    admin = UserFactory(username="root", is_superuser=True)
    article = story(journalist, status)
    events = ArticleEvent.objects.count()
    kwargs = {
        "approve": {"version": article.version},
        "send_back": {"note": "n"},
        "unpublish": {"reason": "r"},
        "correct": {"text": "t"},
    }.get(action, {})
    with pytest.raises(ValidationError, match="Cannot"):
        getattr(workflow, action)(article, by=admin, **kwargs)
    assert Article.objects.get(pk=article.pk).status == status
    assert ArticleEvent.objects.count() == events


def test_the_cdn_purge_waits_for_commit(
    journalist, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_URL = "https://cdn.example/purge"
    purged = []
    monkeypatch.setattr(purge, "purge_keys", purged.append)
    article = approved_story(journalist, editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(article, by=editor)
    assert purged == []
    for callback in callbacks:
        callback()
    assert f"article-{article.slug}" in purged[0]


def test_allowed_actions_follow_role_and_state(journalist, editor):
    article = story(journalist)
    assert workflow.allowed_actions(article, by=journalist) == ["submit"]
    article.status = S.IN_REVIEW
    assert set(workflow.allowed_actions(article, by=editor)) == {"withdraw", "send_back", "approve"}


def test_restore_creates_a_new_revision(journalist):
    article = story(journalist, headline="First words")
    first = revisions.record(article, by=journalist)
    article.headline = "Second words"
    article.save()
    revisions.record(article, by=journalist)
    restored = workflow.restore(first, by=journalist)
    article.refresh_from_db()
    assert article.headline == "First words"
    assert restored.revision.number == 3
    assert restored.revision.note == "Restored from revision 1"
    assert list(article.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert restored.skipped == []
    assert not restored.held


def test_restore_brings_back_quotes_and_topics(journalist):
    article = story(journalist)
    article.topics.add("Trade")
    QuoteFactory(article=article, text="First paragraph.", paragraph=0)
    first = revisions.record(article, by=journalist)
    article.quotes.all().delete()
    article.topics.clear()
    workflow.restore(first, by=journalist)
    assert [quote.text for quote in article.quotes.all()] == ["First paragraph."]
    assert list(article.topics.names()) == ["Trade"]


def test_diff_shows_changed_paragraph(journalist):
    article = story(journalist, body="<p>The river rose.</p>")
    old = revisions.record(article, by=journalist)
    article.body = "<p>The river fell.</p>"
    article.save()
    new = revisions.record(article, by=journalist)
    html = revisions.html_diff(old, new)
    assert "The river <del>rose.</del><ins>fell.</ins>" in html
    assert "Body changed." in html


def test_publish_refuses_a_story_with_publishing_problems(journalist, editor):
    from tests.factories import make_image

    article = story(journalist, "in_review", lead_image=make_image(alt_text=" ", credit="AP"))
    workflow.approve(article, by=editor, version=article.version)
    with pytest.raises(ValidationError, match="no alt text"):
        workflow.publish(article, by=editor)
    with pytest.raises(ValidationError, match="no alt text"):
        workflow.schedule(article, by=editor, at=timezone.now() + timedelta(hours=1))
    assert Article.objects.get(pk=article.pk).status == S.APPROVED


def test_permission_is_checked_before_anything_else(journalist):
    article = story(journalist, "in_review")
    anonymous = AnonymousAttributionFactory(article=article)
    QuoteFactory(article=article, source=None, anonymous=anonymous, text="First paragraph.")
    with pytest.raises(PermissionDenied):
        workflow.approve(article, by=journalist, version=article.version)


@pytest.mark.parametrize("named_as", ["quote", "mention"])
def test_a_story_naming_a_person_known_only_as_an_identity_is_never_published(
    journalist, editor, other_editor, named_as
):
    """Rows written before the rule, or by a bulk load, are stopped at publication."""
    person = SourceFactory(name="Quiet Insider")
    AnonymousAttributionFactory(article=story(journalist), identity=person)
    article = story(journalist, "in_review")
    if named_as == "quote":
        row = Quote(article=article, source=person, text="Second paragraph.", paragraph=1)
    else:
        row = Mention(article=article, source=person)
    type(row).objects.bulk_create([row])
    workflow.approve(article, by=editor, version=article.version)

    for attempt in [
        lambda: workflow.publish(article, by=other_editor),
        lambda: workflow.schedule(article, by=other_editor, at=NOW + timedelta(days=1)),
    ]:
        with pytest.raises(ValidationError, match="confidential identity") as error:
            attempt()
        assert person.name not in str(error.value)
    assert Article.objects.get(pk=article.pk).status == S.APPROVED
    if named_as == "quote":
        assert "paragraph 2, “Second paragraph.”" in " ".join(article.publishing_problems())
    assert not Source.objects.public().filter(pk=person.pk).exists()


def test_restoring_a_revision_never_names_a_person_now_known_only_as_an_identity(journalist):
    article = story(journalist)
    person = QuoteFactory(article=article, text="Second paragraph.", paragraph=1).source
    old = revisions.record(article, by=journalist)
    article.quotes.all().delete()
    AnonymousAttributionFactory(article=story(journalist), identity=person)

    restored = workflow.restore(old, by=journalist)

    assert restored.skipped == ["Second paragraph."]
    assert not person.quotes.exists()
    assert restored.revision.content["quotes"] == []


def test_only_editors_create_and_revoke_share_links_and_each_is_logged(journalist, editor):
    article = story(journalist)
    with pytest.raises(PermissionDenied):
        workflow.create_share_link(article, by=journalist)
    link, token = workflow.create_share_link(article, by=editor, label="Legal", now=NOW)
    assert link.token_hash == workflow.share_token_hash(token) != token
    assert link.expires_at == NOW + timedelta(days=3)
    with pytest.raises(PermissionDenied):
        workflow.revoke_share_link(link, by=journalist)
    assert ShareLink.objects.get(pk=link.pk).revoked_at is None
    workflow.revoke_share_link(link, by=editor)
    events = article.events.order_by("pk")
    assert [(e.action, e.actor) for e in events] == [
        ("share_link_created", editor),
        ("share_link_revoked", editor),
    ]
