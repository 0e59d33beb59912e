"""Stories as IPTC ninjs 2.2 items, and quotes with their public speakers.

What a partner receives is what a reader sees: the story's own public fields, its speakers
through ``SPEAKER_FIELDS`` (a person's public name and page, an institution's, or an anonymous
source's public description, never an identity or a staff-only field), and nothing of a
retracted story but the notice that it is withdrawn. Every ``uri`` and ``href`` is absolute
(``newsroom.site_url``, so ``NEWSROOM_SITE_URL`` is honoured) and every time is RFC 3339 with
the newsroom's offset.

A page of stories costs a fixed number of queries, whatever its length or the archive's size:
the stories with their section and lead image, then their bylines, topics, image renditions,
quotes' speakers and mentions, one query each.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Correction,
    TaggedArticle,
    byline,
    story_url,
    topic_url,
)
from images.models import Image, Rendition
from images.renditions import parse_spec
from newsroom.site_url import absolute_url, site_origin
from newsroom.urlcache import cached_reverse
from sources.models import (
    Mention,
    Quote,
    organisation_url,
    person_url,
    public_person_name,
    public_speaker,
)
from sources.querysets import SPEAKER_FIELDS

# Media types of a rendition's format (``images.renditions``) and of a stored original.
RENDITION_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp"}
ORIGINAL_TYPES = {
    Image.Format.JPEG: "image/jpeg",
    Image.Format.PNG: "image/png",
    Image.Format.WEBP: "image/webp",
}
# Root-relative addresses in a body (library images, links to our pages), made absolute so that
# they still work on a partner's site. The sanitiser always writes attributes in double quotes.
_ROOT_RELATIVE = re.compile(r'\b(src|href)="(/(?!/)[^"]*)"')


class Addresses:
    """Absolute addresses for one response, ``newsroom.site_url``'s: the origin is read once,
    not for each of the hundreds of links in a page of items, where its host check and
    ``urljoin`` led the profile."""

    def __init__(self, request):
        self.request = request
        self.origin = site_origin(request)

    def __call__(self, location: str) -> str:
        if location.startswith("/") and not location.startswith("//"):
            return self.origin + location
        return absolute_url(self.request, location)


def rfc3339(moment: datetime) -> str:
    """``2016-12-26T09:30:00+05:00``: in the newsroom's time zone, with its offset."""
    return moment.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")


def _values(fields: dict[str, str]) -> tuple[list[str], dict[str, F]]:
    """``values()`` arguments: a model's own field by name, anything else as an alias."""
    return (
        [name for name, path in fields.items() if name == path],
        {name: F(path) for name, path in fields.items() if name != path},
    )


def for_syndication(stories, *, now: datetime):
    """``stories`` with what their ninjs items show read in a fixed number of queries."""
    public_notes = (
        Correction.objects.made_public(now=now)
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        stories.select_related("section", "lead_image")
        .defer("rank_vector")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.only("name", "slug")),
            Prefetch(
                "tagged_items",
                queryset=TaggedArticle.objects.select_related("tag").order_by("tag__name"),
            ),
            Prefetch("lead_image__renditions", queryset=Rendition.objects.order_by("spec")),
        )
        .annotate(public_notes=Coalesce(Subquery(public_notes), 0))
    )


def story_items(stories: list[Article], link: Addresses) -> list[dict]:
    """The ninjs items of stories read through ``for_syndication``."""
    public_ids = [story.pk for story in stories if not is_canceled(story)]
    speakers = _speakers_by_story(public_ids)
    mentioned = _mentions_by_story(public_ids)
    return [
        canceled_item(story, link)
        if is_canceled(story)
        else story_item(story, link, speakers[story.pk], mentioned[story.pk])
        for story in stories
    ]


def is_canceled(story: Article) -> bool:
    """A story the API serves is either public or retracted (``ArticleQuerySet.retracted``)."""
    return story.status == Article.Status.UNPUBLISHED


def _common(story: Article, link: Addresses) -> dict:
    item_address = link(cached_reverse("api:story", pk=story.pk))
    return {
        "uri": link(story.get_absolute_url()),
        "type": "text",
        "version": str(1 + story.public_notes),
        "firstcreated": rfc3339(story.published_at),
        "versioncreated": rfc3339(story.public_updated),
        "renditions": [
            {"name": "ninjs", "href": item_address, "contenttype": "application/json"},
        ],
    }


def canceled_item(story: Article, link: Addresses) -> dict:
    """A retracted story: its address and the public notice, so partners take it down."""
    return {
        **_common(story, link),
        "pubstatus": "canceled",
        "ednote": f"Withdrawn: {story.retraction_note}",
    }


def story_item(
    story: Article, link: Addresses, speakers: list[dict], mentioned: list[dict]
) -> dict:
    item = _common(story, link)
    item["renditions"].append(
        {"name": "html", "href": item["uri"], "contenttype": "text/html"},
    )
    item |= {
        "representationtype": "full",
        "pubstatus": "usable",
        "language": settings.NEWSROOM_LANGUAGE,
        "headlines": [{"role": "main", "value": story.headline}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": with_absolute_links(story.body, link),
            }
        ],
        "subjects": _subjects(story, link),
    }
    descriptions = [("summary", story.dek), ("credit", story.credit)]
    if any(value for _, value in descriptions):
        item["descriptions"] = [
            {"role": role, "value": value} for role, value in descriptions if value
        ]
    author_names = [author.name for author in story.authors.all()]
    if author_names or story.byline_text:
        item["by"] = byline(author_names, story.byline_text)
    if story.dateline:
        item["located"] = story.dateline
    people, organisations = _named(speakers, mentioned, link)
    if people:
        item["people"] = people
    if organisations:
        item["organisations"] = organisations
    if story.lead_image is not None:
        item["associations"] = [lead_image_association(story.lead_image, link)]
    return item


def with_absolute_links(body: str, link: Addresses) -> str:
    """The body with its root-relative ``src`` and ``href`` made absolute."""
    if '="/' not in body:  # most stories: no need to scan them
        return body
    return _ROOT_RELATIVE.sub(lambda match: f'{match[1]}="{link(match[2])}"', body)


def _subjects(story: Article, link: Addresses) -> list[dict]:
    subjects = [
        {
            "name": tagged.tag.name,
            "rel": "topic",
            "uri": link(topic_url(tagged.tag.slug)),
        }
        for tagged in story.tagged_items.all()
    ]
    if story.section is not None:
        section = story.section
        subjects.append(
            {
                "name": section.name,
                "rel": "section",
                "uri": link(section.get_absolute_url()),
            }
        )
    return subjects


def lead_image_association(image: Image, link: Addresses) -> dict:
    """The lead image as ninjs's ``featuremedia`` association, with every stored rendition
    and the (metadata-free) original."""
    renditions = [
        {
            "name": rendition.spec,
            "href": link(rendition.url),
            "contenttype": RENDITION_TYPES[parse_spec(rendition.spec).format],
            "width": rendition.width,
            "height": rendition.height,
        }
        for rendition in image.renditions.all()
    ]
    original = link(image.file.url)
    renditions.append(
        {
            "name": "original",
            "href": original,
            "contenttype": ORIGINAL_TYPES[image.format],
            "width": image.width,
            "height": image.height,
        }
    )
    association = {"name": "featuremedia", "uri": original, "type": "picture"}
    descriptions = [("caption", image.caption), ("alternative", image.alt_text)]
    if any(value for _, value in descriptions):
        association["descriptions"] = [
            {"role": role, "value": value} for role, value in descriptions if value
        ]
    if image.credit:
        association["by"] = image.credit
    association["renditions"] = renditions
    return association


def _speakers_by_story(story_ids: list[int]) -> dict[int, list[dict]]:
    """Each story's quotes' speakers (``SPEAKER_FIELDS`` only), in story order."""
    same, aliased = _values(SPEAKER_FIELDS)
    rows = (
        Quote.objects.filter(article_id__in=story_ids)
        .in_story_order()
        .values("article_id", *same, **aliased)
    )
    by_story = defaultdict(list)
    for row in rows:
        by_story[row["article_id"]].append(row)
    return by_story


def _mentions_by_story(story_ids: list[int]) -> dict[int, list[dict]]:
    """The people and organisations each story names without quoting: public names only."""
    same, aliased = _values(
        {
            "article_id": "article_id",
            "source_id": "source_id",
            "person_name": "source__name",
            "honorific": "source__honorific",
            "person_slug": "source__slug",
            "organisation_name": "organisation__name",
            "organisation_slug": "organisation__slug",
        }
    )
    rows = Mention.objects.filter(article_id__in=story_ids).order_by("pk")
    by_story = defaultdict(list)
    for row in rows.values(*same, **aliased):
        by_story[row["article_id"]].append(row)
    return by_story


def _named(speakers: list[dict], mentioned: list[dict], link: Addresses) -> tuple[list, list]:
    """ninjs ``people`` and ``organisations``: who is quoted (``rel`` "quoted"), in order of
    first appearance, then who is only mentioned (``rel`` "mentioned"). Anonymous sources are
    not among them: they are no one a partner could look up."""
    people: dict[str, dict] = {}
    organisations: dict[str, dict] = {}
    for speaker in speakers:
        if speaker["anonymous_id"] is not None:
            continue
        _, page = public_speaker(speaker)
        if speaker["organisation_id"] is not None:
            if page not in organisations:
                organisations[page] = _entity(speaker["organisation_name"], "quoted", page, link)
        elif page not in people:
            name = public_person_name(speaker["person_name"], speaker["honorific"])
            people[page] = _entity(name, "quoted", page, link)
    for mention in mentioned:
        if mention["source_id"] is not None:
            page = person_url(mention["person_slug"])
            name = public_person_name(mention["person_name"], mention["honorific"])
            people.setdefault(page, _entity(name, "mentioned", page, link))
        else:
            page = organisation_url(mention["organisation_slug"])
            organisations.setdefault(
                page, _entity(mention["organisation_name"], "mentioned", page, link)
            )
    return list(people.values()), list(organisations.values())


def _entity(name: str, rel: str, page: str, link: Addresses) -> dict:
    return {"name": name, "rel": rel, "uri": link(page)}


QUOTE_FIELDS = {
    **SPEAKER_FIELDS,
    "id": "id",
    "text": "text",
    "is_direct": "is_direct",
    "paragraph": "paragraph",
    "position": "position",
    "speaker_organisation": "speaker_organisation",
    "article_id": "article_id",
    "story_headline": "article__headline",
    "story_slug": "article__slug",
    "story_published": "article__published_at",
}


def quote_rows(quotes):
    """A list of quotes as rows of ``QUOTE_FIELDS``: their words, speaker and story."""
    same, aliased = _values(QUOTE_FIELDS)
    return quotes.values(*same, **aliased)


def quote_item(row: dict, link: Addresses) -> dict:
    published = row["story_published"]
    return {
        "id": row["id"],
        "text": row["text"],
        "direct": row["is_direct"],
        "speaker": _quote_speaker(row, link),
        "story": {
            "id": row["article_id"],
            "uri": link(story_url(row["story_slug"], published)),
            "headline": row["story_headline"],
            "published": rfc3339(published),
            "ninjs": link(cached_reverse("api:story", pk=row["article_id"])),
        },
    }


def _quote_speaker(row: dict, link: Addresses) -> dict:
    """Who said it: a person's public name, title and organisation as the story gave them at
    the time, an institution's name, or only an anonymous source's public description."""
    name, page = public_speaker(row)
    if row["anonymous_id"] is not None:
        return {"anonymous": True, "description": name}
    if row["organisation_id"] is not None:
        return {
            "name": row["organisation_name"],
            "title": None,
            "organisation": None,
            "url": link(page),
        }
    return {
        "name": public_person_name(row["person_name"], row["honorific"]),
        "title": row["speaker_title"] or row["person_title"] or None,
        "organisation": row["speaker_organisation"] or None,
        "url": link(page),
    }
