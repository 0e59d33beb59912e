import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Topic
from sources.models import AnonymousAttribution, Mention, Quote, Source
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_attribution_without_a_reason_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AnonymousAttributionFactory(reason="")


def test_anonymous_attribution_without_a_reason_gets_a_form_message():
    attribution = AnonymousAttribution(
        article=ArticleFactory(), description="Another official", reason="  "
    )
    with pytest.raises(ValidationError) as error:
        attribution.full_clean()
    assert "Say why this source was granted anonymity." in error.value.message_dict["reason"]


def test_named_quote_cannot_also_carry_an_anonymous_attribution():
    attribution = AnonymousAttributionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteFactory(article=attribution.article, source=SourceFactory(), anonymous=attribution)


def test_named_quote_with_anonymous_attribution_fails_validation_with_a_message():
    attribution = AnonymousAttributionFactory()
    quote = Quote(
        article=attribution.article,
        source=SourceFactory(),
        anonymous=attribution,
        text="x",
        paragraph=0,
    )
    with pytest.raises(ValidationError, match="exactly one speaker"):
        quote.full_clean()


def test_quote_without_any_speaker_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteFactory(source=None)


def test_institution_quote_is_allowed():
    quote = QuoteFactory(source=None, organisation=OrganisationFactory(name="Foreign ministry"))
    assert quote.attribution() == "Foreign ministry"


def test_anonymous_quote_is_attributed_by_its_description_only():
    identity = SourceFactory(name="Secret Person")
    attribution = AnonymousAttributionFactory(description="Another official", identity=identity)
    quote = QuoteFactory(article=attribution.article, source=None, anonymous=attribution)

    assert quote.attribution() == "Another official"
    assert quote.speaker_url() is None


def test_anonymous_attribution_must_belong_to_the_same_story():
    attribution = AnonymousAttributionFactory()
    quote = Quote(
        article=ArticleFactory(), anonymous=attribution, text="x", paragraph=0, is_direct=True
    )
    with pytest.raises(ValidationError, match="another story"):
        quote.full_clean()


def test_two_quotes_cannot_share_a_position_in_a_story():
    first = QuoteFactory(paragraph=3, position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteFactory(article=first.article, paragraph=3, position=0)


def test_topic_names_are_case_insensitive():
    article = ArticleFactory()
    article.topics.add("Afghanistan")
    ArticleFactory().topics.add("afghanistan")

    assert Topic.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name="AFGHANISTAN", slug="afghanistan-2")


def test_person_public_name_keeps_honorific_apart_from_the_name():
    person = Source(name="Huma Baqai", honorific="Dr")
    assert person.public_name == "Dr Huma Baqai"
    assert person.surname == "Baqai"


def test_deleting_a_story_deletes_its_anonymous_attributions_and_quotes():
    attribution = AnonymousAttributionFactory()
    QuoteFactory(article=attribution.article, source=None, anonymous=attribution)

    attribution.article.delete()

    assert not AnonymousAttribution.objects.exists()
    assert not Quote.objects.exists()


def test_an_anonymous_attribution_still_quoted_cannot_be_deleted_on_its_own():
    from django.db.models import RestrictedError

    attribution = AnonymousAttributionFactory()
    QuoteFactory(article=attribution.article, source=None, anonymous=attribution)

    with pytest.raises(RestrictedError):
        attribution.delete()


@pytest.fixture
def confidential_person():
    """Known to the newsroom only as the real identity behind an anonymous source."""
    person = SourceFactory(name="Quiet Insider")
    AnonymousAttributionFactory(identity=person)
    return person


def test_a_person_known_only_as_an_identity_cannot_be_quoted_or_mentioned_by_name(
    confidential_person,
):
    story = ArticleFactory(status="draft", published_at=None)
    with pytest.raises(ValidationError, match="confidential identity"):
        Quote.objects.create(article=story, source=confidential_person, text="x", paragraph=0)
    with pytest.raises(ValidationError, match="confidential identity"):
        Mention.objects.create(article=story, source=confidential_person)
    for row in [
        Quote(article=story, source=confidential_person, text="x", paragraph=0),
        Mention(article=story, source=confidential_person),
    ]:
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert "confidential identity" in " ".join(error.value.message_dict["source"])
        assert confidential_person.name not in str(error.value)
    assert not confidential_person.quotes.exists() and not confidential_person.mentions.exists()


def test_a_public_person_may_also_be_an_anonymous_source_elsewhere():
    """Quoted by name in a public story, so their name exposes nothing new."""
    person = QuoteFactory().source
    AnonymousAttributionFactory(identity=person)
    QuoteFactory(source=person)
    Mention.objects.create(article=ArticleFactory(), source=person)
    assert Source.objects.known_only_as_identity().count() == 0


def test_only_a_public_story_makes_a_person_known_by_name(confidential_person):
    draft = ArticleFactory(status="draft", published_at=None)
    Quote.objects.bulk_create(  # as a row written before the rule, or by a bulk load
        [Quote(article=draft, source=confidential_person, text="x", paragraph=0)]
    )
    assert list(Source.objects.known_only_as_identity()) == [confidential_person]
    assert confidential_person not in Source.objects.may_be_named()
