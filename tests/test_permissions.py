"""The permission matrix of shared PERMISSIONS.md as one table: role × action × expected result.

Every request is made as the demo accounts would make it, forged ones included. "refused" means
the response is a 403, a 404 or an admin redirect, and nothing the action aims at changed in
the database.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import checks, revisions, workflow
from articles.models import Article, ArticleEvent, ArticleRevision, DeskChecks, FrontPageItem
from sources.models import AnonymousAttribution, IdentityAccessLog, Source
from tests.factories import ArticleFactory, SourceFactory, change_form_data, story_in_state

pytestmark = pytest.mark.django_db
S = Article.Status
ADMIN = "/admin/articles/article/"


@dataclass
class Newsroom:
    """The demo stories plus a second journalist's draft and a confidential source of the editor."""

    stories: dict
    users: dict


@pytest.fixture
def newsroom(demo_newsroom):
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ["journalist", "editor", "admin"]}
    colleague = User.objects.create_user("colleague", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Journalist"))
    users["colleague"] = colleague
    by_state = {
        "draft": "saltwater-orchard-survey-begins-in-thatta",
        "in_review": "lighthouse-keepers-petition-for-gwadar-beacon",
        "approved": "kite-makers-of-lahore-prepare-for-basant-ruling",
        "scheduled": "railway-museum-restores-steam-locomotive-in-golra",
        "published": "washington-uneasy-as-pakistan-and-russia-draw-closer",
        "published_plain": "islamabad-council-approves-new-bus-routes",
        "unpublished": "mangla-reservoir-level-hits-ten-year-high",
    }
    stories = {state: Article.objects.get(slug=slug) for state, slug in by_state.items()}
    stories["other_draft"] = ArticleFactory(
        status=S.DRAFT, published_at=None, owner=colleague, headline="Colleague draft"
    )
    stories["plain_review"] = story_in_state("in_review", owner=users["journalist"])
    revisions.record(stories["draft"], by=users["journalist"])
    secret = SourceFactory(
        name="Editor Secret Contact",
        slug="editor-secret",
        phone="+92 300 555 0199",
        created_by=users["editor"],
    )
    AnonymousAttribution.objects.create(
        article=stories["draft"],
        description="an aide",
        reason="Fear of dismissal.",
        identity=secret,
    )
    return Newsroom(stories=stories, users=users)


ADD_FORM = {
    "headline": "Brand new story",
    "slug": "brand-new-story",
    "body": "<p>New words.</p>",
    **{
        f"{prefix}-{key}": 0
        for prefix in ["anonymous_attributions", "quotes", "mentions", "corrections"]
        for key in ["TOTAL_FORMS", "INITIAL_FORMS"]
    },
}


# Each action: (request(client, newsroom) -> response, effect(newsroom) -> bool "it happened").


def _fresh(story):
    return Article.objects.get(pk=story.pk)


def edit(state, headline="Edited headline", **fields):
    def request(client, n):
        story = n.stories[state]
        data = change_form_data(story, headline=headline, **fields)
        return client.post(f"{ADMIN}{story.pk}/change/", data)

    def effect(n):
        return _fresh(n.stories[state]).headline == headline

    return request, effect


def transition(state, action, after, **data):
    def request(client, n):
        story = n.stories[state]
        if action == "approve":  # the approve page carries the version it showed
            data.setdefault("version", story.version)
        return client.post(f"{ADMIN}{story.pk}/workflow/{action}/", data)

    def effect(n):
        return _fresh(n.stories[state]).status == after

    return request, effect


def bulk(state, action, after):
    def request(client, n):
        return client.post(
            ADMIN, {"action": action, "_selected_action": [n.stories[state].pk], "index": 0}
        )

    def effect(n):
        return _fresh(n.stories[state]).status == after

    return request, effect


def get(url_of, marker=None):
    def request(client, n):
        response = client.get(url_of(n))
        request.content = response.content.decode()
        return response

    def effect(n):
        return marker is None or marker in request.content

    return request, effect


def forged_publish_fields():
    def request(client, n):
        story = n.stories["draft"]
        future = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
        data = change_form_data(
            story,
            status="published",
            published_at=future,
            published_at_0=future[:10],
            published_at_1=future[11:],
            owner=n.users["editor"].pk,
            approved_revision=1,
            version=999,
        )
        return client.post(f"{ADMIN}{story.pk}/change/", data)

    def effect(n):
        story = _fresh(n.stories["draft"])
        return (
            story.status != S.DRAFT
            or story.published_at is not None
            or story.owner != n.users["journalist"]
        )

    return request, effect


def forged_identity():
    def request(client, n):
        story = n.stories["draft"]
        attribution = story.anonymous_attributions.get(description="an aide")
        other = Source.objects.get(slug="huma-baqai")
        data = change_form_data(story)
        index = list(story.anonymous_attributions.all()).index(attribution)
        data[f"anonymous_attributions-{index}-identity"] = other.pk
        return client.post(f"{ADMIN}{story.pk}/change/", data)

    def effect(n):
        attribution = AnonymousAttribution.objects.get(description="an aide")
        return attribution.identity.slug == "huma-baqai"

    return request, effect


def name_on_the_record(inline):
    """A new story quoting or mentioning by name a person known only as a confidential identity."""
    row = {
        "quotes": {"text": "We said it.", "paragraph": 0, "position": 0, "is_direct": "on"},
        "mentions": {},
    }[inline]

    def request(client, n):
        person = Source.objects.get(slug="demo-confidential-person")
        data = {**ADD_FORM, "headline": "On the record", "slug": "on-the-record"}
        data |= {f"{inline}-TOTAL_FORMS": 1, f"{inline}-0-source": person.pk}
        data |= {f"{inline}-0-{field}": value for field, value in row.items()}
        return client.post(f"{ADMIN}add/", data)

    def effect(n):
        person = Source.objects.get(slug="demo-confidential-person")
        named = person.quotes.exists() or person.mentions.exists()
        return named or Article.objects.filter(slug="on-the-record").exists()

    return request, effect


def delete(state):
    def request(client, n):
        return client.post(f"{ADMIN}{n.stories[state].pk}/delete/", {"post": "yes"})

    def effect(n):
        return not Article.objects.filter(pk=n.stories[state].pk).exists()

    return request, effect


def restore(state):
    def request(client, n):
        story = n.stories[state]
        if not story.revisions.exists():
            revisions.record(story, by=n.users["editor"])
        number = story.revisions.order_by("number").first().number
        return client.post(f"{ADMIN}{story.pk}/revisions/{number}/restore/")

    def effect(n):
        return ArticleEvent.objects.filter(article=n.stories[state], action="restore").exists()

    return request, effect


def create_share_link():
    def request(client, n):
        return client.post(f"{ADMIN}{n.stories['draft'].pk}/share/", {"days": 2})

    def effect(n):
        return n.stories["draft"].share_links.exists()

    return request, effect


def change_url(state):
    return lambda n: f"{ADMIN}{n.stories[state].pk}/change/"


def source_url(slug):
    return f"/admin/sources/source/{Source.objects.get(slug__startswith=slug).pk}/change/"


def preview_url(state):
    return lambda n: f"{ADMIN}{n.stories[state].pk}/preview/"


def public_url(state):
    def url(n):
        story = n.stories[state]
        return story.get_absolute_url() or f"/2030/01/01/{story.slug}/"

    return url


ACTIONS = {
    "view scheduled story on the public site": get(public_url("scheduled"), "Golra"),
    "preview own draft": get(preview_url("draft"), "Preview — not published"),
    "preview another journalist's draft": get(preview_url("other_draft"), "Preview — not"),
    "create a draft": (
        lambda c, n: c.post(f"{ADMIN}add/", ADD_FORM),
        lambda n: Article.objects.filter(slug="brand-new-story").exists(),
    ),
    "edit own draft": edit("draft"),
    "edit own story in review": edit("in_review"),
    "edit another journalist's draft": edit("other_draft"),
    "edit a published story with a correction note": edit(
        "published", update_kind="correction", update_note="We misspelt a name."
    ),
    "edit a published story silently": edit("published"),
    "submit own draft": transition("draft", "submit", S.IN_REVIEW),
    "withdraw own story from review": transition("in_review", "withdraw", S.DRAFT),
    "send back": transition("in_review", "send_back", S.SENT_BACK, note="Fix it."),
    "approve": transition("in_review", "approve", S.APPROVED, confirm_anonymous_sources="on"),
    "publish an approved story": transition("approved", "publish", S.PUBLISHED),
    "unpublish": transition("published", "unpublish", S.UNPUBLISHED, note="Legal hold."),
    "republish": transition("unpublished", "republish", S.PUBLISHED),
    "bulk approve": bulk("plain_review", "approve_selected", S.APPROVED),
    "bulk publish": bulk("approved", "publish_selected", S.PUBLISHED),
    "bulk unpublish": bulk("published", "unpublish_selected", S.UNPUBLISHED),
    "forge status, publish time and owner": forged_publish_fields(),
    "forge an identity on an attribution": forged_identity(),
    "quote a confidential identity by name": name_on_the_record("quotes"),
    "mention a confidential identity by name": name_on_the_record("mentions"),
    "delete own unsubmitted draft": delete("draft"),
    "delete a published story": delete("published_plain"),
    "bulk delete a published story": (
        lambda c, n: c.post(
            ADMIN,
            {
                "action": "delete_selected",
                "_selected_action": [n.stories["published_plain"].pk],
                "post": "yes",
            },
        ),
        lambda n: not Article.objects.filter(pk=n.stories["published_plain"].pk).exists(),
    ),
    "view revisions of another journalist's story": get(
        lambda n: f"{ADMIN}{n.stories['other_draft'].pk}/revisions/", "Revisions of"
    ),
    "restore a revision of own draft": restore("draft"),
    "restore a revision of a published story": restore("published"),
    "create a share link": create_share_link(),
    "see contact details of a source they recorded": get(
        lambda n: source_url("demo-confidential-person"), "555 0147"
    ),
    "see contact details of a colleague's source": get(
        lambda n: source_url("editor-secret"), "555 0199"
    ),
    "see an identity on a story": get(change_url("published"), "Demo Confidential Person"),
    "see on own draft an identity a colleague recorded": get(
        change_url("draft"), "Editor Secret Contact"
    ),
    "arrange the front page": (
        lambda c, n: c.post(
            "/admin/articles/frontpageitem/add/",
            {"article": n.stories["published_plain"].pk, "position": 0},
        ),
        lambda n: FrontPageItem.objects.filter(article=n.stories["published_plain"]).exists(),
    ),
    "set which desk checks block": (
        lambda c, n: c.post(
            f"/admin/articles/deskchecks/{DeskChecks.load().pk}/change/",
            {
                **dict.fromkeys(checks.SETTINGS, "block"),
                "headline_min_length": 20,
                "headline_max_length": 100,
            },
        ),
        lambda n: DeskChecks.load().section == "block",
    ),
}

Y, N = "allowed", "refused"
#                                                   anonymous journalist editor admin
MATRIX = {
    "view scheduled story on the public site": (N, N, N, N),
    "preview own draft": (N, Y, Y, Y),
    "preview another journalist's draft": (N, N, Y, Y),
    "create a draft": (N, Y, Y, Y),
    "edit own draft": (N, Y, Y, Y),
    "edit own story in review": (N, N, Y, Y),
    "edit another journalist's draft": (N, N, Y, Y),
    "edit a published story with a correction note": (N, N, Y, Y),
    "edit a published story silently": (N, N, N, N),
    "submit own draft": (N, Y, Y, Y),
    "withdraw own story from review": (N, Y, Y, Y),
    "send back": (N, N, Y, Y),
    "approve": (N, N, Y, Y),
    "publish an approved story": (N, N, Y, Y),
    "unpublish": (N, N, Y, Y),
    "republish": (N, N, Y, Y),
    "bulk approve": (N, N, N, N),  # an approval names the version its editor read
    "bulk publish": (N, N, Y, Y),
    "bulk unpublish": (N, N, Y, Y),
    "forge status, publish time and owner": (N, N, N, N),
    "forge an identity on an attribution": (N, N, Y, Y),
    "quote a confidential identity by name": (N, N, N, N),
    "mention a confidential identity by name": (N, N, N, N),
    "delete own unsubmitted draft": (N, Y, Y, Y),
    "delete a published story": (N, N, N, Y),
    "bulk delete a published story": (N, N, N, Y),
    "view revisions of another journalist's story": (N, N, Y, Y),
    "restore a revision of own draft": (N, Y, Y, Y),
    "restore a revision of a published story": (N, N, Y, Y),
    "create a share link": (N, N, Y, Y),
    "see contact details of a source they recorded": (N, Y, Y, Y),
    "see contact details of a colleague's source": (N, N, Y, Y),
    "see an identity on a story": (N, N, Y, Y),
    "see on own draft an identity a colleague recorded": (N, N, Y, Y),
    "arrange the front page": (N, N, Y, Y),
    "set which desk checks block": (N, N, Y, Y),  # the desk's rule, not the site's settings
}
ROLES = ["anonymous", "journalist", "editor", "admin"]
CASES = [
    pytest.param(role, action, expected[index], id=f"{role}-{action}")
    for action, expected in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission_matrix(client, newsroom, role, action, expected):
    if role != "anonymous":
        client.force_login(newsroom.users[role])
    request, effect = ACTIONS[action]
    before = {a.pk: (a.status, a.headline, a.published_at) for a in Article.objects.all()}
    response = request(client, newsroom)

    assert response.status_code < 500
    happened = response.status_code == 200 if action.startswith(("view", "preview")) else True
    happened = happened and effect(newsroom)
    assert ("allowed" if happened else "refused") == expected
    if expected == "refused":
        assert response.status_code in {200, 302, 403, 404}
        if not action.startswith(("view", "preview", "see")):
            after = {a.pk: (a.status, a.headline, a.published_at) for a in Article.objects.all()}
            assert after == before


def test_every_identity_view_in_the_admin_is_logged(client, newsroom):
    client.force_login(newsroom.users["editor"])
    client.get(f"{ADMIN}{newsroom.stories['published'].pk}/change/")
    entry = IdentityAccessLog.objects.get()
    assert entry.user == newsroom.users["editor"]
    assert entry.source.slug == "demo-confidential-person"
    assert entry.where == f"{ADMIN}{newsroom.stories['published'].pk}/change/"


def test_four_eyes_in_the_admin_editor_cannot_approve_own_story(client, newsroom):
    story = newsroom.stories["in_review"]
    story.authors.add(newsroom.users["editor"].author_profile)
    client.force_login(newsroom.users["editor"])
    response = client.post(
        f"{ADMIN}{story.pk}/workflow/approve/", {"confirm_anonymous_sources": "on"}, follow=True
    )
    assert "four-eyes" in response.content.decode()
    assert _fresh(story).status == S.IN_REVIEW


def test_approve_without_confirming_anonymous_sources_is_refused(client, newsroom):
    client.force_login(newsroom.users["editor"])
    story = newsroom.stories["in_review"]
    response = client.post(
        f"{ADMIN}{story.pk}/workflow/approve/", {"version": story.version}, follow=True
    )
    assert "confirm that you know who they are" in response.content.decode()
    assert _fresh(story).status == S.IN_REVIEW
    assert not ArticleRevision.objects.filter(article=story, note="Approved").exists()


def test_workflow_functions_refuse_journalists_too(newsroom):
    with pytest.raises(workflow.WorkflowPermissionDenied):
        workflow.publish(newsroom.stories["approved"], by=newsroom.users["journalist"])


def test_every_choice_of_a_source_is_within_what_the_user_may_list(newsroom):
    """The rule's two shapes (an id list for long lists, a test per row for form fields) agree,
    and nobody is offered a name they may not see."""
    from sources import permissions

    def sources(rule):
        return set(Source.objects.all() if rule is None else Source.objects.filter(rule))

    public_identity = Source.objects.get(slug="huma-baqai")
    AnonymousAttribution.objects.create(
        article=newsroom.stories["draft"],
        description="a scholar",
        reason="x",
        identity=public_identity,
    )
    for user in newsroom.users.values():
        listable = sources(permissions.listable_sources_q(user))
        for as_identity in (False, True):
            chosen = sources(permissions.choosable_sources_q(user, as_identity=as_identity))
            assert chosen == set(permissions.choosable_sources(user, as_identity=as_identity))
            assert chosen <= listable
        assert public_identity in sources(permissions.choosable_sources_q(user))
        assert not {"demo-confidential-person", "editor-secret"} & {
            source.slug for source in sources(permissions.choosable_sources_q(user))
        }
