"""Import story: pasted or uploaded copy becomes a reviewed draft, and nothing is half-saved."""

import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.models import Article
from sources.models import AnonymousAttribution, Organisation, Quote, Source
from tests.factories import UserFactory
from tests.importer.review import IMPORT_URL, STORY, review_page, review_post_data

pytestmark = pytest.mark.django_db

PUBLIC_REASON = "spoke on condition of anonymity because they were not authorised to speak"


def for_anonymous(response, field, value):
    """The same value for one field of every anonymous speaker on the review page."""
    return {
        f"speakers-{i}-{field}": value
        for i, form in enumerate(response.context["speakers"])
        if form.proposed.is_anonymous
    }


def anonymous_reasons(response):
    """Both reasons for every anonymous speaker: the internal one and the one readers see."""
    return {
        **for_anonymous(response, "reason", "Not authorised."),
        **for_anonymous(response, "public_reason", PUBLIC_REASON),
    }


@pytest.fixture
def journalist_client(client, demo_newsroom, django_user_model):
    client.force_login(django_user_model.objects.get(username="journalist"))
    return client


def test_extract_step_saves_nothing_and_matches_existing_sources(journalist_client):
    counts = (Article.objects.count(), Source.objects.count(), Quote.objects.count())
    response = review_page(journalist_client)
    speakers = {form.proposed.label: form.proposed for form in response.context["speakers"]}

    baqai = next(s for label, s in speakers.items() if "Baqai" in label)
    assert baqai.existing == Source.objects.get(slug="huma-baqai")
    assert (Article.objects.count(), Source.objects.count(), Quote.objects.count()) == counts


def test_review_step_creates_a_draft_with_quotes_and_no_duplicate_sources(journalist_client):
    response = review_page(journalist_client)
    sources_before = Source.objects.count()
    data = review_post_data(response, **anonymous_reasons(response))

    response = journalist_client.post(IMPORT_URL, data)

    article = Article.objects.get(headline="Border crossing to open in March")
    assert response.status_code == 302
    assert article.status == Article.Status.DRAFT
    assert article.owner.username == "journalist"
    assert article.dateline == "KABUL"
    assert article.paragraphs()[0].startswith("Talks on the new border crossing")
    assert Source.objects.filter(name="Huma Baqai").count() == 1
    assert Source.objects.count() == sources_before + 1  # only Farid Rahimi is new
    assert article.quotes.filter(source__slug="huma-baqai", is_direct=True).exists()
    anonymous = AnonymousAttribution.objects.get(
        article=article, description="A senior official at the commerce ministry"
    )
    assert anonymous.reason == "Not authorised."
    assert anonymous.public_reason == PUBLIC_REASON
    assert anonymous.quotes.get().text == "customs staff had not yet been hired"


def test_review_numbers_paragraphs_from_one_and_saves_them_from_zero(journalist_client):
    response = review_page(journalist_client)
    forms_by_text = {form["text"].value(): form for form in response.context["quotes"]}
    anonymous = forms_by_text["customs staff had not yet been hired"]
    assert anonymous["paragraph"].value() == 6  # the sixth paragraph, as people count
    data = review_post_data(response, **anonymous_reasons(response))

    journalist_client.post(IMPORT_URL, data)

    quote = Quote.objects.get(text="customs staff had not yet been hired")
    assert quote.paragraph == 5


def test_review_refuses_a_paragraph_the_story_does_not_have(journalist_client):
    response = review_page(journalist_client)
    data = review_post_data(
        response,
        **anonymous_reasons(response),
        **{"quotes-0-paragraph": 7},
    )

    response = journalist_client.post(IMPORT_URL, data)

    assert "The story has 6 paragraphs." in response.content.decode()
    assert not Article.objects.filter(headline="Border crossing to open in March").exists()


def test_text_with_no_words_gets_a_clear_message(journalist_client):
    response = journalist_client.post(IMPORT_URL, {"headline": "Numbers", "text": "12 34 -- 56"})
    assert "no words" in response.content.decode()


def test_anonymous_source_without_a_reason_is_refused_and_nothing_is_saved(journalist_client):
    response = review_page(journalist_client)
    articles_before = Article.objects.count()

    response = journalist_client.post(IMPORT_URL, review_post_data(response))

    assert response.status_code == 200
    assert "Say why this source was granted anonymity." in response.content.decode()
    assert Article.objects.count() == articles_before


def test_dropping_a_speaker_drops_their_quotes(journalist_client):
    response = review_page(journalist_client)
    data = review_post_data(response, **for_anonymous(response, "action", "drop"))

    journalist_client.post(IMPORT_URL, data)

    article = Article.objects.get(headline="Border crossing to open in March")
    assert not article.anonymous_attributions.exists()
    assert article.quotes.exists()


def test_quote_paragraphs_are_shown_and_read_counted_from_one(journalist_client):
    response = review_page(journalist_client)
    form = response.context["quotes"].forms[0]
    assert form["paragraph"].value() == form.initial["paragraph"] + 1
    data = review_post_data(response, **anonymous_reasons(response))
    journalist_client.post(IMPORT_URL, {**data, "quotes-0-paragraph": "1"})
    article = Article.objects.get(headline="Border crossing to open in March")
    assert article.quotes.order_by("paragraph").first().paragraph == 0


def test_corrected_quote_words_are_saved(journalist_client):
    response = review_page(journalist_client)
    data = review_post_data(
        response,
        **anonymous_reasons(response),
        **{"quotes-1-text": "the crossing would open in spring"},
    )
    journalist_client.post(IMPORT_URL, data)

    article = Article.objects.get(headline="Border crossing to open in March")
    assert article.quotes.filter(text="the crossing would open in spring").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"   \n", "This file is empty."),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "KABUL - Caf\xe9 said.".encode("latin-1"), "not UTF-8 text"),
        ("story.pdf", b"%PDF-1.4 not a story", "not a file we can import"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a Word (.docx) document"),
    ],
)
def test_bad_upload_gets_a_clear_error_and_saves_nothing(journalist_client, name, content, message):
    articles_before = Article.objects.count()
    response = journalist_client.post(
        IMPORT_URL, {"headline": "Bad file", "file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == articles_before


def test_upload_over_the_size_limit_is_refused(journalist_client, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 100
    response = journalist_client.post(
        IMPORT_URL, {"headline": "Big", "file": SimpleUploadedFile("big.txt", b"A" * 500)}
    )
    assert "the limit is" in response.content.decode()


def test_docx_upload_is_read_paragraph_by_paragraph(journalist_client):
    import docx

    document = docx.Document()
    for paragraph in STORY.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    buffer = io.BytesIO()
    document.save(buffer)

    response = journalist_client.post(
        IMPORT_URL,
        {"headline": "From Word", "file": SimpleUploadedFile("story.docx", buffer.getvalue())},
    )

    assert response.status_code == 200
    assert response.context["proposal"].dateline == "KABUL"
    assert len(response.context["proposal"].paragraphs) == 6


def test_html_upload_is_read_block_by_block(journalist_client):
    html = "".join(f"<p>{p.strip()}</p>" for p in STORY.split("\n\n")).encode()
    response = journalist_client.post(
        IMPORT_URL, {"headline": "From HTML", "file": SimpleUploadedFile("story.html", html)}
    )
    assert len(response.context["proposal"].paragraphs) == 6


CONFIDENTIAL_STORY = """ISLAMABAD - Talks on the new border crossing stalled on Monday.

Deputy director {name} said that the talks had stalled over customs staff.

“We are not ready,” {surname} said.
"""
HIDDEN_NAME = "Demo Confidential Person"  # known only as an anonymous source's identity
UNKNOWN_NAME = "Dana Unknown Person"


def story_naming(name):
    return CONFIDENTIAL_STORY.format(name=name, surname=name.split()[-1])


@pytest.fixture
def colleague_client(client, demo_newsroom):
    """A second journalist, who did not record the confidential source."""
    colleague = UserFactory(username="colleague")
    colleague.groups.add(Group.objects.get(name="Journalist"))
    client.force_login(colleague)
    return client


def named_speaker_index(response):
    [index] = [i for i, f in enumerate(response.context["speakers"]) if f.proposed.name]
    return index


def test_a_guessed_confidential_name_looks_exactly_like_an_unknown_name(colleague_client):
    pages = {}
    for name in [HIDDEN_NAME, UNKNOWN_NAME]:
        html = review_page(colleague_client, text=story_naming(name)).content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        pages[name] = html.replace(name, "NAME")
    assert "Use an existing source" in pages[HIDDEN_NAME]  # the choice exists, unselected
    assert pages[HIDDEN_NAME] == pages[UNKNOWN_NAME]


def test_a_guessed_confidential_name_is_saved_as_a_new_person_never_as_the_hidden_one(
    colleague_client,
):
    hidden = Source.objects.get(slug="demo-confidential-person")
    response = review_page(colleague_client, text=story_naming(HIDDEN_NAME), headline="Stalled")
    index = named_speaker_index(response)

    forged = review_post_data(response, **{f"speakers-{index}-action": "existing"})
    refused = colleague_client.post(IMPORT_URL, forged)

    assert "Choose the existing source, or create a new one." in refused.content.decode()
    assert not Article.objects.filter(headline="Stalled").exists()

    forged[f"speakers-{index}-person"] = str(hidden.pk)
    refused = colleague_client.post(IMPORT_URL, forged)

    assert "Select a valid choice" in refused.content.decode()
    assert f'<option value="{hidden.pk}" selected' not in refused.content.decode()
    assert not Article.objects.filter(headline="Stalled").exists()

    saved = colleague_client.post(IMPORT_URL, review_post_data(response))

    assert saved.status_code == 302
    speaker = Article.objects.get(headline="Stalled").quotes.exclude(source=None).first().source
    assert speaker.pk != hidden.pk
    assert speaker.slug == "demo-confidential-person"  # as an unknown name would get
    assert not hidden.quotes.exists()
    assert Source.objects.get(pk=hidden.pk).anonymous_attributions.exists()


@pytest.mark.parametrize("username", ["journalist", "editor"])
def test_a_person_known_only_as_an_identity_is_never_matched_even_for_those_who_know(
    client, demo_newsroom, django_user_model, username
):
    client.force_login(django_user_model.objects.get(username=username))
    response = review_page(client, text=story_naming(HIDDEN_NAME))
    proposed = response.context["speakers"][named_speaker_index(response)].proposed
    assert proposed.name == HIDDEN_NAME
    assert proposed.existing is None


def test_import_needs_the_permission_to_create_stories(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"headline": "x", "text": STORY}).status_code == 403


def test_command_dry_run_saves_nothing(demo_newsroom, tmp_path, capsys):
    story = tmp_path / "border.txt"
    story.write_text(STORY, encoding="utf-8")
    articles_before = Article.objects.count()

    call_command("import_story", str(story))

    assert "Nothing saved" in capsys.readouterr().out
    assert Article.objects.count() == articles_before


def test_command_needs_a_reason_for_anonymous_sources(demo_newsroom, tmp_path):
    story = tmp_path / "border.txt"
    story.write_text(STORY, encoding="utf-8")

    with pytest.raises(CommandError, match="anonymity"):
        call_command("import_story", str(story), "--save")
    assert not Article.objects.filter(headline="Border").exists()


def test_command_saves_a_draft_reusing_known_sources(demo_newsroom, tmp_path):
    story = tmp_path / "border.txt"
    story.write_text(STORY, encoding="utf-8")

    call_command(
        "import_story",
        str(story),
        "--save",
        "--headline",
        "Border",
        "--anonymous-reason",
        "Fear",
        "--public-reason",
        "spoke on condition of anonymity",
    )

    article = Article.objects.get(headline="Border")
    assert article.status == Article.Status.DRAFT
    assert Source.objects.filter(name="Huma Baqai").count() == 1
    assert Organisation.objects.count() == Organisation.objects.distinct().count()


def test_command_refuses_a_missing_file(db):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_story", "/nonexistent/story.txt")
