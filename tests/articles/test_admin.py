"""The back office: saving, conflicts, revisions, previews, share links, queues and merges."""

import re
from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleEvent, ShareLink, SlugRedirect, Topic
from articles.sourcing import sourcing_report
from sources.models import AnonymousAttribution, IdentityAccessLog, Mention, Quote, Source
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    QuoteFactory,
    SourceFactory,
    TopicFactory,
    change_form_data,
    story_in_state,
)

pytestmark = pytest.mark.django_db
S = Article.Status
ADMIN = "/admin/articles/article/"


@pytest.fixture
def users(demo_newsroom):
    User = get_user_model()
    return {name: User.objects.get(username=name) for name in ["journalist", "editor", "admin"]}


@pytest.fixture
def draft(users):
    return Article.objects.get(slug="saltwater-orchard-survey-begins-in-thatta")


def save(client, article, **overrides):
    return client.post(f"{ADMIN}{article.pk}/change/", change_form_data(article, **overrides))


def test_every_save_keeps_a_revision(client, users, draft):
    client.force_login(users["journalist"])
    before = draft.revisions.count()
    response = save(client, draft, headline="Orchard survey begins")
    assert response.status_code == 302
    revision = draft.revisions.first()
    assert draft.revisions.count() == before + 1
    assert revision.content["headline"] == "Orchard survey begins"
    assert revision.created_by == users["journalist"]
    assert {"headline", "dek", "body", "quotes", "topics"} <= set(revision.content)


def test_second_save_from_a_stale_form_is_refused_and_keeps_the_text(client, users, draft):
    stale = change_form_data(draft)
    client.force_login(users["editor"])
    assert save(client, draft, headline="Editor's headline").status_code == 302

    client.force_login(users["journalist"])
    stale["headline"] = "Journalist's headline"
    response = client.post(f"{ADMIN}{draft.pk}/change/", stale)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Omar Farooq changed this story at" in page
    assert "Journalist&#x27;s headline" in page
    assert Article.objects.get(pk=draft.pk).headline == "Editor's headline"


def test_a_transition_since_the_form_was_opened_also_refuses_the_save(client, users):
    story = Article.objects.get(slug="kite-makers-of-lahore-prepare-for-basant-ruling")
    stale = change_form_data(story, body="<p>Late edit.</p>")
    admin = users["admin"]
    workflow.publish(story, by=admin)
    client.force_login(users["editor"])
    response = client.post(f"{ADMIN}{story.pk}/change/", stale)
    assert "Site Administrator changed this story at" in response.content.decode()
    assert "Late edit" not in Article.objects.get(pk=story.pk).body


def test_editing_an_approved_story_sends_it_back_to_review(client, users):
    story = Article.objects.get(slug="kite-makers-of-lahore-prepare-for-basant-ruling")
    client.force_login(users["editor"])
    response = client.post(
        f"{ADMIN}{story.pk}/change/",
        change_form_data(story, body="<p>New words after approval.</p>"),
        follow=True,
    )
    assert "back in review" in response.content.decode()
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW
    assert story.events.filter(action="reopen").exists()


def test_saving_an_approved_story_unchanged_keeps_the_approval(client, users):
    story = Article.objects.get(slug="kite-makers-of-lahore-prepare-for-basant-ruling")
    client.force_login(users["editor"])
    save(client, story, credit="New credit line")
    assert Article.objects.get(pk=story.pk).status == S.APPROVED


def as_posted(form):
    """What a browser posts back from a rendered form: the value of every field it shows."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def test_an_approval_covers_only_the_version_the_editor_read(client, users):
    story = Article.objects.get(slug="lighthouse-keepers-petition-for-gwadar-beacon")
    client.force_login(users["editor"])
    page = client.get(f"{ADMIN}{story.pk}/workflow/approve/")
    opened = {**as_posted(page.context["form"]), "confirm_anonymous_sources": "on"}

    journalist = Client()  # meanwhile: withdraw, rewrite, resubmit
    journalist.force_login(users["journalist"])
    journalist.post(f"{ADMIN}{story.pk}/workflow/withdraw/", {})
    story.refresh_from_db()
    journalist.post(
        f"{ADMIN}{story.pk}/change/",
        change_form_data(story, body=story.body + "<p>A claim the editor never read.</p>"),
    )
    journalist.post(f"{ADMIN}{story.pk}/workflow/submit/", {})

    response = client.post(f"{ADMIN}{story.pk}/workflow/approve/", opened, follow=True)

    assert "changed after you opened it" in response.content.decode()
    story.refresh_from_db()
    assert (story.status, story.approved_revision) == (S.IN_REVIEW, None)
    assert not story.events.filter(action="approve").exists()
    page = client.get(f"{ADMIN}{story.pk}/workflow/approve/").content.decode()
    assert "What you approve" in page
    assert "A claim the editor never read." in page


@pytest.mark.parametrize("change", ["body", "quote"])
def test_a_change_to_a_scheduled_story_takes_it_off_the_schedule_and_back_to_review(
    client, users, change
):
    story = Article.objects.get(slug="railway-museum-restores-steam-locomotive-in-golra")
    story.authors.add(users["editor"].author_profile)  # an author who is an editor
    scheduled_for = story.published_at
    client.force_login(users["editor"])
    if change == "body":
        data = change_form_data(story, body=story.body + "<p>An unreviewed line.</p>")
    else:
        data = change_form_data(story, **{"quotes-0-text": "Unreviewed words."})

    response = client.post(f"{ADMIN}{story.pk}/change/", data, follow=True)

    assert "back in review" in response.content.decode()
    story.refresh_from_db()
    assert (story.status, story.published_at, story.approved_revision) == (S.IN_REVIEW, None, None)
    later = scheduled_for + timedelta(days=1)
    assert not Article.objects.published(now=later).filter(pk=story.pk).exists()


def test_an_editor_who_changed_an_approved_story_cannot_approve_the_change(client, users):
    story = Article.objects.get(slug="kite-makers-of-lahore-prepare-for-basant-ruling")
    client.force_login(users["editor"])
    save(client, story, body=story.body + "<p>The editor's own addition.</p>")
    story.refresh_from_db()
    assert story.status == S.IN_REVIEW

    response = client.post(
        f"{ADMIN}{story.pk}/workflow/approve/",
        {"version": story.version, "confirm_anonymous_sources": "on"},
        follow=True,
    )

    assert "you made the last change" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == S.IN_REVIEW
    night_editor = get_user_model().objects.create_user("night-editor", is_staff=True)
    night_editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(night_editor)
    client.post(
        f"{ADMIN}{story.pk}/workflow/approve/",
        {"version": story.version, "confirm_anonymous_sources": "on"},
    )
    assert Article.objects.get(pk=story.pk).status == S.APPROVED


def test_a_public_storys_words_change_only_with_a_note_readers_see(client, users):
    story = Article.objects.get(slug="islamabad-council-approves-new-bus-routes")
    assert story.authors.filter(user=users["editor"]).exists()  # the editor has the byline
    headline = story.headline
    client.force_login(users["editor"])

    response = save(client, story, headline="Council approves bus routes, then reverses")

    assert response.status_code == 200
    page = response.content.decode()
    assert "needs a correction or update note" in page
    assert "Council approves bus routes, then reverses" in page  # what was typed is kept
    story.refresh_from_db()
    assert story.headline == headline
    assert (story.corrections.count(), story.public_updated_at) == (0, None)

    response = save(
        client,
        story,
        headline="Council approves bus routes, then reverses",
        update_kind="update",
        update_note="The council reversed part of its decision on Tuesday.",
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Council approves bus routes, then reverses"
    assert story.corrections.get().kind == "update"
    client.logout()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "reversed part of its decision" in page
    assert "Updated" in page


def test_a_quote_removed_from_a_public_story_needs_a_note_too(client, users):
    story = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    quotes = story.quotes.count()
    client.force_login(users["editor"])
    response = save(client, story, **{"quotes-0-DELETE": "on"})
    assert "needs a correction or update note" in response.content.decode()
    assert story.quotes.count() == quotes


def test_a_public_edit_that_leaves_a_quote_out_of_the_story_is_refused(client, users):
    story = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    client.force_login(users["editor"])
    index = next(i for i, quote in enumerate(story.quotes.all()) if quote.is_direct)
    response = save(
        client,
        story,
        update_note="We corrected a quote.",
        **{f"quotes-{index}-text": "Words nobody said"},
    )
    page = response.content.decode()
    assert "the direct quote “Words nobody said”" in page
    assert "not in the body verbatim" in page
    assert not story.quotes.filter(text="Words nobody said").exists()
    assert not story.corrections.exists()


def test_restoring_a_public_storys_revision_changes_nothing_live_until_published(client, users):
    story = Article.objects.get(slug="islamabad-council-approves-new-bus-routes")
    original = story.headline
    first = revisions.record(story, by=users["editor"])
    client.force_login(users["editor"])
    save(client, story, headline="A sharper headline", update_note="We sharpened the headline.")

    response = client.post(f"{ADMIN}{story.pk}/revisions/{first.number}/restore/", follow=True)

    assert "readers still see the current words" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "A sharper headline"
    held = story.revisions.first()
    assert held.content["headline"] == original
    assert "A sharper headline" in Client().get(story.get_absolute_url()).content.decode()

    url = f"{ADMIN}{story.pk}/revisions/{held.number}/publish/"
    assert client.post(url, {"kind": "correction", "note": ""}).status_code == 200  # no note
    assert Article.objects.get(pk=story.pk).headline == "A sharper headline"
    client.post(url, {"kind": "correction", "note": "We restored the original headline."})

    story.refresh_from_db()
    assert story.headline == original
    assert story.corrections.filter(text="We restored the original headline.").exists()
    assert original in Client().get(story.get_absolute_url()).content.decode()


def test_approval_is_refused_while_a_quote_is_not_in_the_body_and_names_it(client, users):
    story = story_in_state("in_review", owner=users["journalist"], body="<p>It rained.</p>")
    QuoteFactory(article=story, text="We will build the bridge", paragraph=0)
    client.force_login(users["editor"])
    response = client.post(
        f"{ADMIN}{story.pk}/workflow/approve/", {"version": story.version}, follow=True
    )
    page = response.content.decode()
    assert "¶1: the direct quote “We will build the bridge”" in page
    assert Article.objects.get(pk=story.pk).status == S.IN_REVIEW


def test_changing_a_published_slug_keeps_the_old_url_answering_301(client, users):
    story = Article.objects.get(slug="islamabad-council-approves-new-bus-routes")
    old_url = story.get_absolute_url()
    client.force_login(users["editor"])
    assert save(client, story, slug="islamabad-bus-routes").status_code == 302
    assert SlugRedirect.objects.filter(old_slug="islamabad-council-approves-new-bus-routes")
    client.logout()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/islamabad-bus-routes/")


def test_retracted_story_answers_410_with_the_note_and_no_story_text(client, demo_newsroom):
    story = Article.objects.get(slug="mangla-reservoir-level-hits-ten-year-high")
    response = client.get(f"/2020/01/01/{story.slug}/")
    assert response.status_code == 410
    page = response.content.decode()
    assert "draft that was later withdrawn" in page
    assert "cotton crop" not in page


def test_silently_unpublished_story_answers_404(client, users):
    story = Article.objects.get(slug="islamabad-council-approves-new-bus-routes")
    url = story.get_absolute_url()
    workflow.unpublish(story, by=users["editor"], reason="Hold")
    assert client.get(url).status_code == 404


def test_a_story_that_was_never_public_is_not_retracted_and_stays_404(client, users):
    story = Article.objects.get(slug="railway-museum-restores-steam-locomotive-in-golra")
    url = story.get_absolute_url()
    client.force_login(users["editor"])
    page = client.get(f"{ADMIN}{story.pk}/workflow/unpublish/").content.decode()
    assert "Public retraction" not in page
    client.post(f"{ADMIN}{story.pk}/workflow/unpublish/", {"note": "Wrong.", "retract": "on"})
    assert Article.objects.get(pk=story.pk).status == S.UNPUBLISHED
    client.logout()
    assert client.get(url).status_code == 404


def test_correction_shows_on_the_public_page_and_moves_the_update_time(client, users):
    story = Article.objects.get(slug="islamabad-council-approves-new-bus-routes")
    client.force_login(users["editor"])
    response = client.post(
        f"{ADMIN}{story.pk}/workflow/correct/",
        {"kind": "correction", "note": "An earlier version misnamed the transit authority."},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "misnamed the transit authority" in page
    assert "Updated" in page
    assert Article.objects.get(pk=story.pk).public_updated_at is not None


def test_publish_with_a_future_time_schedules_and_the_list_says_scheduled(client, users):
    story = Article.objects.get(slug="kite-makers-of-lahore-prepare-for-basant-ruling")
    client.force_login(users["editor"])
    at = timezone.localtime() + timedelta(days=2)
    client.post(
        f"{ADMIN}{story.pk}/workflow/publish/",
        {"at_0": at.strftime("%Y-%m-%d"), "at_1": at.strftime("%H:%M:%S")},
    )
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert story.is_scheduled
    page = client.get(f"{ADMIN}?status=scheduled").content.decode()
    assert story.headline in page
    assert "Scheduled" in page


def test_the_published_filter_lists_only_what_readers_can_read(client, users):
    embargoed = Article.objects.get(slug="central-bank-report-on-remittances-embargoed")
    assert embargoed.status == S.PUBLISHED and embargoed.published_at < timezone.now()
    client.force_login(users["editor"])
    page = client.get(f"{ADMIN}?status=published").content.decode()
    assert "Islamabad council approves new bus routes" in page
    assert embargoed.headline not in page
    assert "Railway museum restores" not in page  # scheduled
    listed = {a.pk for a in client.get(f"{ADMIN}?status=published").context["cl"].result_list}
    assert listed == set(Article.objects.published().values_list("pk", flat=True))


def test_changelist_shows_embargo_and_public_column_within_a_query_budget(
    client, users, django_assert_max_num_queries
):
    client.force_login(users["editor"])
    with django_assert_max_num_queries(25):
        response = client.get(ADMIN)
    page = response.content.decode()
    assert "⛔ until" in page
    assert "Public?" in page
    assert "Sana Malik" in page


def test_embargo_is_prominent_on_the_change_form(client, users):
    story = Article.objects.get(slug="central-bank-report-on-remittances-embargoed")
    client.force_login(users["editor"])
    page = client.get(f"{ADMIN}{story.pk}/change/").content.decode()
    assert "EMBARGOED until" in page


def test_editor_sets_an_embargo_through_the_form_and_it_is_logged(client, users, draft):
    client.force_login(users["editor"])
    until = timezone.localtime() + timedelta(days=1)
    save(
        client,
        draft,
        embargo_until_0=until.strftime("%Y-%m-%d"),
        embargo_until_1=until.strftime("%H:%M:%S"),
    )
    draft.refresh_from_db()
    assert draft.embargo_until is not None
    assert draft.events.filter(action="embargo", actor=users["editor"]).exists()


def test_journalist_cannot_set_an_embargo_with_a_forged_field(client, users, draft):
    client.force_login(users["journalist"])
    save(client, draft, embargo_until_0="2030-01-01", embargo_until_1="00:00:00")
    assert Article.objects.get(pk=draft.pk).embargo_until is None


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("mine=1", "Saltwater orchard", None),
        ("status=in_review", "Lighthouse keepers", "Saltwater orchard"),
        ("topic=transport", "Railway museum", "Kite makers"),
        ("q=Qureshi", "Hunza glacier", "Lighthouse keepers"),
        ("q=firebox", "Railway museum", "Hunza glacier"),
    ],
)
def test_changelist_filters_and_search(client, users, query, expected, absent):
    client.force_login(users["journalist"])
    page = client.get(f"{ADMIN}?{query}").content.decode()
    assert expected in page
    if absent:
        assert absent not in page


def test_awaiting_review_queue_on_the_admin_home_for_editors(client, users):
    client.force_login(users["editor"])
    page = client.get("/admin/").content.decode()
    assert "Awaiting review" in page
    assert "Lighthouse keepers petition" in page
    client.force_login(users["journalist"])
    page = client.get("/admin/").content.decode()
    assert "Awaiting review" not in page
    assert "My stories sent back" in page


def test_staff_preview_is_marked_and_shows_the_story(client, users, draft):
    client.force_login(users["journalist"])
    response = client.get(f"{ADMIN}{draft.pk}/preview/")
    page = response.content.decode()
    assert "Preview — not published" in page
    assert "row by row" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_share_link_works_is_logged_and_can_be_revoked(client, users, draft):
    link, token = workflow.create_share_link(draft, by=users["editor"], days=1)
    assert link.token_hash != token
    response = client.get(f"/preview/{token}/")
    assert response.status_code == 200
    assert "Preview — not published" in response.content.decode()
    assert ArticleEvent.objects.filter(article=draft, action="share_link_used").count() == 1
    workflow.revoke_share_link(link, by=users["editor"])
    assert client.get(f"/preview/{token}/").status_code == 404


def test_share_link_expires(client, users, draft):
    past = timezone.now() - timedelta(days=5)
    _, token = workflow.create_share_link(draft, by=users["editor"], days=1, now=past)
    assert client.get(f"/preview/{token}/").status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404


def test_a_share_link_is_for_a_story_not_yet_public(client, users):
    story = Article.objects.get(slug="kite-makers-of-lahore-prepare-for-basant-ruling")
    _, token = workflow.create_share_link(story, by=users["editor"], days=1)
    assert client.get(f"/preview/{token}/").status_code == 200
    admin = users["admin"]
    workflow.publish(story, by=admin)
    response = client.get(f"/preview/{token}/")
    assert (response.status_code, response["Location"]) == (302, story.get_absolute_url())
    workflow.unpublish(story, by=admin, reason="Legal hold.", retract=True)
    assert client.get(f"/preview/{token}/").status_code == 404
    client.force_login(users["editor"])
    client.post(f"{ADMIN}{story.pk}/share/", {"days": 2})
    assert story.share_links.count() == 1  # no new link for a story taken down


def test_editor_creates_and_revokes_a_share_link_in_the_admin(client, users, draft):
    client.force_login(users["editor"])
    response = client.post(f"{ADMIN}{draft.pk}/share/", {"days": 2, "label": "Legal"}, follow=True)
    assert "/preview/" in response.content.decode()
    link = ShareLink.objects.get(article=draft)
    client.post(f"{ADMIN}{draft.pk}/share/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_revisions_page_compares_and_restores(client, users, draft):
    client.force_login(users["journalist"])
    save(client, draft, headline="Second headline")
    numbers = list(draft.revisions.values_list("number", flat=True))
    page = client.get(
        f"{ADMIN}{draft.pk}/revisions/?a={numbers[-1]}&b={numbers[0]}"
    ).content.decode()
    assert 'class="comparison"' in page
    assert "<ins>Second headline</ins>" in page
    client.post(f"{ADMIN}{draft.pk}/revisions/{numbers[-1]}/restore/")
    draft.refresh_from_db()
    assert draft.headline == "Saltwater orchard survey begins in Thatta"
    assert draft.revisions.first().note == f"Restored from revision {numbers[-1]}"


def test_sourcing_panel_counts_kinds_and_warns():
    story = ArticleFactory(body="<p>He said “we will build it”.</p>")
    QuoteFactory(article=story, text="we will build it", paragraph=0, source__title="")
    QuoteFactory(article=story, text="words that are not in the body", paragraph=1)
    anonymous = AnonymousAttributionFactory(article=story)
    QuoteFactory(article=story, source=None, anonymous=anonymous, text="we will", paragraph=2)
    report = sourcing_report(story)
    assert report.total == 3
    assert report.anonymous_share == 33
    assert dict(report.rows)["Anonymous"] == 1
    warnings = " ".join(report.warnings)
    assert "not in the body verbatim" in warnings
    assert "without a title or affiliation" in warnings
    assert "single source" not in warnings


def test_sourcing_panel_warns_about_a_single_source_and_matches_curly_quotes():
    story = ArticleFactory(body="<p>“It’s done,” she said.</p>")
    QuoteFactory(article=story, text='"It\'s done,"', paragraph=0)
    report = sourcing_report(story)
    assert report.warnings == ["The story rests on a single source."]


def test_sourcing_panel_is_on_the_change_form(client, users):
    story = Article.objects.get(slug="lighthouse-keepers-petition-for-gwadar-beacon")
    client.force_login(users["editor"])
    page = client.get(f"{ADMIN}{story.pk}/change/").content.decode()
    assert "100% anonymous" in page
    assert "single source" in page


def test_editors_see_and_type_paragraph_numbers_counted_from_one(client, users, draft):
    quote = draft.quotes.get()
    client.force_login(users["editor"])
    page = client.get(f"{ADMIN}{draft.pk}/change/").content.decode()
    assert re.search(
        rf'<option value="{quote.paragraph + 1}" selected>{quote.paragraph + 1} — ', page
    )
    assert save(client, draft).status_code == 302  # posted back as shown
    assert draft.quotes.get().paragraph == quote.paragraph
    draft.refresh_from_db()
    assert save(client, draft, **{"quotes-0-paragraph": 1}).status_code == 302
    assert draft.quotes.get().paragraph == 0
    draft.refresh_from_db()
    response = save(client, draft, **{"quotes-0-paragraph": 0})
    assert "greater than or equal to 1" in response.content.decode()


def test_editor_merges_topics(client, users):
    keep, dup = TopicFactory(name="Ports"), TopicFactory(name="Port")
    story = ArticleFactory()
    story.topics.add(dup)
    client.force_login(users["editor"])
    client.post(
        "/admin/articles/topic/",
        {"action": "merge_topics", "_selected_action": [keep.pk, dup.pk], "index": 0},
    )
    assert not Topic.objects.filter(pk=dup.pk).exists()
    assert list(story.topics.all()) == [keep]


def test_journalist_cannot_merge_topics(client, users):
    keep, dup = TopicFactory(), TopicFactory()
    client.force_login(users["journalist"])
    client.post(
        "/admin/articles/topic/",
        {"action": "merge_topics", "_selected_action": [keep.pk, dup.pk], "index": 0},
    )
    assert Topic.objects.filter(pk=dup.pk).exists()


def test_editor_merges_duplicate_sources_and_it_is_logged(client, users):
    keep = SourceFactory(name="Huma B")
    dup = SourceFactory(name="Huma Baqai (duplicate)")
    story = ArticleFactory()
    quote = QuoteFactory(article=story, source=dup)
    Mention.objects.create(article=story, source=dup)
    attribution = AnonymousAttributionFactory(article=story, identity=dup)
    client.force_login(users["editor"])
    client.post(
        "/admin/sources/source/",
        {"action": "merge_sources", "_selected_action": [keep.pk, dup.pk], "index": 0},
    )
    assert not Source.objects.filter(pk=dup.pk).exists()
    assert Quote.objects.get(pk=quote.pk).source == keep
    assert Mention.objects.get(article=story).source == keep
    assert AnonymousAttribution.objects.get(pk=attribution.pk).identity == keep
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(object_id=str(keep.pk), change_message__contains="Merged")


def test_admin_search_never_matches_encrypted_contact_fields(client, users):
    """Contact details are encrypted at rest (sources/fields.py), so nobody can search them."""
    SourceFactory(
        name="Hidden Person", email="secret-match@example.org", created_by=users["editor"]
    )
    for role in ["journalist", "editor"]:
        client.force_login(users[role])
        page = client.get("/admin/sources/source/?q=secret-match").content.decode()
        assert "Hidden Person" not in page


def test_identity_autocomplete_offers_a_journalist_only_their_own_sources(client, users):
    SourceFactory(name="Zed Colleague", created_by=users["editor"])
    SourceFactory(name="Zed Mine", created_by=users["journalist"])
    params = {
        "term": "Zed",
        "app_label": "sources",
        "model_name": "anonymousattribution",
        "field_name": "identity",
    }
    client.force_login(users["journalist"])
    names = [r["text"] for r in client.get("/admin/autocomplete/", params).json()["results"]]
    assert names == ["Zed Mine"]
    client.force_login(users["editor"])
    names = [r["text"] for r in client.get("/admin/autocomplete/", params).json()["results"]]
    assert sorted(names) == ["Zed Colleague", "Zed Mine"]


def test_viewing_a_source_with_contact_details_is_logged(client, users):
    source = Source.objects.get(slug="demo-confidential-person")
    client.force_login(users["journalist"])
    page = client.get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert "555 0147" in page
    assert IdentityAccessLog.objects.filter(user=users["journalist"], source=source).exists()


def test_forged_contact_details_from_a_journalist_are_ignored(client, users):
    source = SourceFactory(name="Someone Else", phone="+1 111", created_by=users["editor"])
    client.force_login(users["journalist"])
    client.post(
        f"/admin/sources/source/{source.pk}/change/",
        {
            "name": source.name,
            "slug": source.slug,
            "kind": source.kind,
            "title": "Spokesperson",
            "phone": "+9 999",
        },
    )
    assert Source.objects.get(pk=source.pk).phone == "+1 111"


def test_malformed_admin_parameters_do_not_cause_errors(client, users, draft):
    client.force_login(users["editor"])
    assert client.get(f"{ADMIN}{draft.pk}/revisions/?a=x&b=1").status_code == 200
    assert client.post(f"{ADMIN}{draft.pk}/share/", {"days": "many"}).status_code == 302
    assert client.get(f"{ADMIN}{draft.pk}/workflow/explode/").status_code == 403


def test_editor_cannot_set_an_embargo_on_a_story_they_create(client, users):
    client.force_login(users["editor"])
    data = {
        "headline": "Editor story",
        "slug": "editor-story",
        "embargo_until_0": "2030-01-01",
        "embargo_until_1": "00:00:00",
        **{
            f"{prefix}-{key}": 0
            for prefix in ["anonymous_attributions", "quotes", "mentions", "corrections"]
            for key in ["TOTAL_FORMS", "INITIAL_FORMS"]
        },
    }
    assert client.post(f"{ADMIN}add/", data).status_code == 302
    story = Article.objects.get(slug="editor-story")
    assert story.embargo_until is None
    assert story.owner == users["editor"]
    assert story.revisions.count() == 1


# A query whose own table (its first FROM) is the attributions; the person choices name them too,
# in a subquery (``known_only_as_identity_q``).
FROM_ATTRIBUTIONS = re.compile(r'^SELECT (?:(?! FROM ).)* FROM "sources_anonymousattribution"')


def test_change_form_reads_the_storys_attributions_once_for_all_quote_rows(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    islamabad = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    elsewhere = AnonymousAttributionFactory(description="An aide on another story")
    assert islamabad.quotes.count() > 10
    client.force_login(users["editor"])

    with CaptureQueriesContext(connection) as context:
        html = client.get(f"{ADMIN}{islamabad.pk}/change/").content.decode()

    reads = [q["sql"] for q in context.captured_queries if FROM_ATTRIBUTIONS.match(q["sql"])]
    # The attributions' own inline, the choices shared by every quote row, the sourcing panel.
    assert len(reads) <= 3, reads
    option = "selected>A senior official at the foreign ministry</option>"
    assert option in html
    assert elsewhere.description not in html


def test_changelist_date_hierarchy_lists_the_years_that_have_stories(client, users):
    story_in_state("published", published_at=timezone.now().replace(year=2011))
    years = {
        timezone.localtime(day).year
        for day in Article.objects.values_list("published_at", flat=True)
        if day is not None
    }
    assert 2011 in years
    assert 2012 not in years
    client.force_login(users["editor"])
    page = client.get(ADMIN).content.decode()
    for year in years:
        assert f"?published_at__year={year}" in page
    assert "?published_at__year=2012" not in page
