"""Test data: factory_boy factories for rows whose history does not matter, and
``story_in_state`` for a story whose state does (it goes through the workflow)."""

import io
from datetime import datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.demo import bring_to_state
from articles.models import Article, Author, Section, Topic
from images.models import Image
from sources.models import AnonymousAttribution, Organisation, Quote, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    is_staff = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A public story by default, as a row with no history: for pages and rules that read the
    row. Where the state itself is under test, use ``story_in_state``."""

    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-number-{n}")
    dek = "A short summary."
    dateline = "ISLAMABAD"
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ministry {n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")
    kind = Organisation.Kind.MINISTRY


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Person Number{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    title = "Spokesperson"
    kind = Source.Kind.SPOKESPERSON


class AnonymousAttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnonymousAttribution

    article = factory.SubFactory(ArticleFactory)
    description = "A senior official"
    public_reason = "spoke on condition of anonymity because they were not authorised to speak"
    reason = "Not authorised to speak."


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)
    text = "We said something."
    is_direct = True
    paragraph = factory.Sequence(lambda n: n)


def make_image(*, size=(1600, 900), colour="navy", **fields):
    """A stored library image made from a generated JPEG."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "JPEG")
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    fields.setdefault("title", "Talks in Moscow")
    return Image.objects.create(file=upload, **fields)


def user_in(group: str, username: str):
    """A staff user in one of the newsroom's groups ("Journalist", "Editor")."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


def story_in_state(
    state: str,
    *,
    owner=None,
    reviewer=None,
    publisher=None,
    published_at: datetime | None = None,
    embargo_until: datetime | None = None,
    note: str = "",
    retraction: str = "",
    **fields,
) -> Article:
    """A story written as a draft by ``owner`` and brought to ``state`` (see
    ``articles.demo.STATES``) through the workflow, with the events and revisions it writes.

    ``reviewer`` approves or sends back and ``publisher`` publishes, schedules, embargoes or
    unpublishes; by default two editors made for the purpose, so that four-eyes holds. A
    published, embargoed or unpublished story was published an hour ago unless
    ``published_at`` says otherwise; other ``fields`` go to ``ArticleFactory``.
    """
    reviewer = reviewer or user_in("Editor", "factory-reviewer")
    publisher = publisher or user_in("Editor", "factory-publisher")
    if published_at is None and state in {"published", "embargoed", "unpublished"}:
        published_at = timezone.now() - timedelta(hours=1)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, owner=owner, **fields)
    bring_to_state(
        article,
        state,
        writer=owner or reviewer,
        reviewer=reviewer,
        publisher=publisher,
        publish_at=published_at,
        embargo_until=embargo_until,
        note=note,
        retraction=retraction,
    )
    article.refresh_from_db()
    return article


def change_form_data(article, **overrides):
    """What the admin's story form posts for ``article`` as it is, inlines included."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "dateline": article.dateline,
        "section": article.section_id or "",
        "authors": [author.pk for author in article.authors.all()],
        "byline_text": article.byline_text,
        "credit": article.credit,
        "body": article.body,
        "topics": ", ".join(article.topics.names()),
        "edit_version": article.version,
    }
    for prefix, related in [
        ("anonymous_attributions", article.anonymous_attributions.all()),
        ("quotes", article.quotes.all()),
        ("mentions", article.mentions.all()),
        ("corrections", article.corrections.all()),
    ]:
        rows = list(related)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-article"] = article.pk
            for field in row._meta.concrete_fields:
                if field.name in {"id", "article"}:
                    continue
                value = getattr(row, field.attname)
                if prefix == "quotes" and field.name == "paragraph":
                    value += 1  # the form counts paragraphs from 1, as editors do
                if value is not None:
                    data[f"{prefix}-{index}-{field.name}"] = (
                        ("on" if value else "") if isinstance(value, bool) else value
                    )
    data.update(overrides)
    return data
