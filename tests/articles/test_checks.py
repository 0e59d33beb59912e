"""The pre-publication checklist: each named check, the desk's choice of which block, and the
workflow refusing approval, publication and scheduling while a blocking check fails."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import checks, workflow
from articles.models import Article, DeskChecks
from images.renditions import get_rendition
from tests.factories import QuoteFactory, make_image, story_in_state, user_in

pytestmark = pytest.mark.django_db
S = Article.Status

CLEAN = {
    "headline": "Council approves new bus routes for the city",
    "dek": "Four routes open in March.",
    "byline_text": "Our Staff Reporter",
    "body": "<p>The council approved four routes on Monday.</p><p>“It is a start,” she said.</p>",
}

#: One story breaking each check the desk may set, and the words its message carries.
BROKEN = {
    "section": ({"section": None}, "Choose the section"),
    "dek": ({"dek": ""}, "Write a dek"),
    "headline_length": ({"headline": "Bus routes"}, "at least 20"),
    "imported_marker": ({"headline": "Council approves new bus routes (imported)"}, "(imported)"),
    "straight_quotes": (
        {"body": '<p>The council approved four routes.</p><p>"It is a start," she said.</p>'},
        "paragraph 2",
    ),
    "byline": ({"byline_text": ""}, "Add a staff byline"),
}


@pytest.fixture
def journalist():
    return user_in("Journalist", "reporter")


@pytest.fixture
def editor():
    return user_in("Editor", "desk-editor")


def set_level(name: str, level: str) -> None:
    desk = DeskChecks.load()
    setattr(desk, name, level)
    desk.save()


def levels(article) -> dict[str, str]:
    return {result.check.name: result.level for result in checks.run(article)}


def test_a_clean_story_passes_every_check(journalist):
    article = story_in_state("draft", owner=journalist, **CLEAN)
    assert set(levels(article).values()) == {checks.PASS}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_check_finds_its_problem_and_warns_by_default_or_blocks_when_the_desk_says(
    journalist, name
):
    fields, words = BROKEN[name]
    article = story_in_state("draft", owner=journalist, **{**CLEAN, **fields})
    default = DeskChecks._meta.get_field(name).default

    result = next(r for r in checks.run(article) if r.check.name == name)
    assert result.level == default
    assert words in " ".join(result.problems)
    others = {key: level for key, level in levels(article).items() if key != name}
    assert set(others.values()) == {checks.PASS}

    set_level(name, "block" if default == "warn" else "warn")
    assert levels(article)[name] == ("block" if default == "warn" else "warn")


def test_straight_quotes_are_found_in_the_headline_and_dek_too(journalist):
    article = story_in_state(
        "draft",
        owner=journalist,
        **{**CLEAN, "headline": "Council's new bus routes approved today", "dek": 'A "start".'},
    )
    problems = next(r for r in checks.run(article) if r.check.name == "straight_quotes").problems
    assert [p.split(" (")[0] for p in problems] == [
        "Straight quotation mark in the headline",
        "Straight quotation mark in the dek",
    ]


def test_a_body_image_without_credit_is_named(journalist):
    credited = make_image(title="Bus depot", alt_text="Buses", credit="Staff photographer")
    uncredited = make_image(title="Council chamber", alt_text="Councillors", credit="")
    body = CLEAN["body"] + "".join(
        f'<figure><img src="{get_rendition(image, "w960-jpeg").url}" alt="x"></figure>'
        for image in (credited, uncredited)
    )
    article = story_in_state("draft", owner=journalist, **{**CLEAN, "body": body})

    result = next(r for r in checks.run(article) if r.check.name == "images_credited")
    assert result.level == checks.WARN
    assert result.problems == (
        "The body image “Council chamber” has no credit. Add the photographer or agency in "
        "the image library, e.g. “Reuters/Jane Doe”.",
    )


def test_a_quote_missing_from_the_body_always_blocks_whatever_the_desk_chose(journalist):
    article = story_in_state("draft", owner=journalist, **CLEAN)
    QuoteFactory(article=article, text="Words nobody wrote down.", paragraph=0)
    assert levels(article)["quotes"] == checks.BLOCK
    assert not hasattr(DeskChecks, "quotes")  # not a setting


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("level", ["warn", "block"])
def test_the_workflow_refuses_approval_only_when_the_failing_check_blocks(
    journalist, editor, name, level
):
    fields, _ = BROKEN[name]
    article = story_in_state("in_review", owner=journalist, **{**CLEAN, **fields})
    set_level(name, level)
    label = next(check.label for check in checks.CHECKS if check.name == name)

    if level == "warn":
        workflow.approve(article, by=editor, version=article.version)
        assert article.status == S.APPROVED
        return
    with pytest.raises(ValidationError) as refused:
        workflow.approve(article, by=editor, version=article.version)
    assert f"the desk check “{label}” blocks it" in refused.value.messages[0]
    article.refresh_from_db()
    assert (article.status, article.approved_revision) == (S.IN_REVIEW, None)
    assert not article.events.filter(action="approve").exists()


@pytest.mark.parametrize("action", ["publish", "schedule", "publish later"])
def test_a_blocking_check_stops_publication_and_scheduling(journalist, action):
    publisher = user_in("Editor", "publisher")
    article = story_in_state("approved", owner=journalist, **{**CLEAN, "dek": ""})
    set_level("dek", "block")
    later = timezone.now() + timedelta(hours=3)

    with pytest.raises(ValidationError, match="the desk check “Dek present” blocks it"):
        if action == "publish":
            workflow.publish(article, by=publisher)
        elif action == "schedule":
            workflow.schedule(article, by=publisher, at=later)
        else:
            workflow.publish(article, by=publisher, at=later)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.APPROVED, None)


def test_moving_a_scheduled_story_is_refused_once_a_check_blocks_it(journalist):
    publisher = user_in("Editor", "publisher")
    soon = timezone.now() + timedelta(hours=3)
    article = story_in_state(
        "scheduled", owner=journalist, publisher=publisher, published_at=soon, **CLEAN
    )
    Article.objects.filter(pk=article.pk).update(section=None)
    set_level("section", "block")

    with pytest.raises(ValidationError, match="Section set"):
        workflow.schedule(article, by=publisher, at=soon + timedelta(hours=1))
    article.refresh_from_db()
    assert article.published_at == soon


def test_desk_checks_refuse_limits_out_of_order():
    desk = DeskChecks.load()
    desk.headline_min_length, desk.headline_max_length = 80, 40
    with pytest.raises(ValidationError, match="cannot be shorter"):
        desk.full_clean()


def test_an_editor_sets_which_checks_block_in_the_admin(client, editor):
    client.force_login(editor)
    listed = client.get("/admin/articles/deskchecks/")
    assert listed.status_code == 302
    page = client.get(listed.url)
    assert page.status_code == 200
    data = dict.fromkeys(checks.SETTINGS, "warn")
    data |= {"dek": "block", "headline_min_length": 10, "headline_max_length": 90}

    response = client.post(listed.url, data)

    assert response.status_code == 302
    desk = DeskChecks.load()
    assert (desk.dek, desk.section, desk.headline_max_length, desk.updated_by) == (
        "block",
        "warn",
        90,
        editor,
    )


def test_a_journalist_cannot_change_the_desk_checks(client, journalist):
    client.force_login(journalist)
    assert client.get("/admin/articles/deskchecks/").status_code == 403
    assert client.post("/admin/articles/deskchecks/1/change/", {"dek": "warn"}).status_code == 403
    assert DeskChecks.load().imported_marker == "block"
