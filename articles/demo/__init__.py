"""The demo newsroom: the Islamabad story, a few short fictional stories, and three accounts.

Loading is idempotent by construction: every object is looked up by its natural key (username,
slug) and created only when missing, so a second run changes nothing.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleEvent, Author, FrontPageItem, Section, Topic
from articles.text import paragraphs_to_html
from sources.models import AnonymousAttribution, Mention, Organisation, Quote, Source

DEMO_DIR = Path(__file__).resolve().parent
DEMO_USERS = {
    "journalist": {"group": "Journalist", "first_name": "Sana", "last_name": "Malik"},
    "editor": {"group": "Editor", "first_name": "Omar", "last_name": "Farooq"},
    "admin": {"group": None, "first_name": "Site", "last_name": "Administrator"},
}
CREDENTIALS_FILE = "demo_password"


def read_json(name: str):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def demo_password(env_password: str | None) -> str:
    """NEWSROOM_DEMO_PASSWORD when set, otherwise one generated once and kept in var/."""
    if env_password:
        return env_password
    path = Path(settings.VAR_DIR) / CREDENTIALS_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, was_created: bool) -> None:
        if was_created:
            self.created[kind] = self.created.get(kind, 0) + 1


class DemoLoader:
    def __init__(self, password: str):
        self.password = password
        self.report = LoadReport()

    @transaction.atomic
    def load(self) -> LoadReport:
        self.users = {name: self.ensure_user(name, spec) for name, spec in DEMO_USERS.items()}
        newsroom = read_json("newsroom.json")
        self.sections = {s["slug"]: self.ensure(Section, s) for s in newsroom["sections"]}
        self.topics = {t["slug"]: self.ensure(Topic, t) for t in newsroom["topics"]}
        self.authors = {
            a["slug"]: self.ensure(Author, {**a, "user": self.users[a["user"]]})
            for a in newsroom["authors"]
        }
        self.organisations = {
            o["slug"]: self.ensure(Organisation, o) for o in newsroom["organisations"]
        }
        self.people = {p["slug"]: self.ensure_person(p) for p in newsroom["people"]}
        lead = self.ensure_story(read_json("islamabad.json"))
        for story in read_json("stories.json"):
            self.ensure_story(story)
        for story in read_json("workflow_stories.json"):
            self.ensure_story(story)
        self.ensure_front_page(lead)
        return self.report

    def ensure_front_page(self, lead: Article) -> None:
        """The Islamabad story leads the home page until an editor chooses otherwise."""
        if not FrontPageItem.objects.exists():
            FrontPageItem.objects.create(article=lead, position=0)
            self.report.count("front-page picks", True)

    def ensure(self, model, spec: dict):
        values = {key: value for key, value in spec.items() if key != "slug"}
        obj, created = model.objects.get_or_create(slug=spec["slug"], defaults=values)
        self.report.count(model._meta.verbose_name_plural, created)
        return obj

    def ensure_user(self, username: str, spec: dict):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{username}@newsroom.example",
                "is_staff": True,
                "is_superuser": spec["group"] is None,
            },
        )
        if created or not user.check_password(self.password):
            user.set_password(self.password)
            user.save(update_fields=["password"])
        if spec["group"]:
            user.groups.add(Group.objects.get(name=spec["group"]))
        self.report.count("users", created)
        return user

    def ensure_person(self, spec: dict):
        values = {
            key: value for key, value in spec.items() if key not in {"confidential", "created_by"}
        }
        if values.get("organisation"):
            values["organisation"] = self.organisations[values["organisation"]]
        values["created_by"] = self.users[spec.get("created_by", "journalist")]
        return self.ensure(Source, values)

    def ensure_story(self, story: dict) -> Article:
        article = Article.objects.filter(slug=story["slug"]).first()
        self.report.count("articles", article is None)
        if article is not None:
            return article
        journalist = self.users["journalist"]
        status, published_at, embargo_until = self.state_of(story)
        article = Article.objects.create(
            slug=story["slug"],
            headline=story["headline"],
            dek=story["dek"],
            dateline=story["dateline"],
            section=self.sections[story["section"]],
            byline_text=story.get("byline_text", ""),
            credit=story.get("credit", ""),
            body=paragraphs_to_html(story["paragraphs"]),
            status=status,
            published_at=published_at,
            embargo_until=embargo_until,
            retraction_note=story.get("retraction_note", ""),
            owner=journalist,
        )
        article.authors.set([self.authors[slug] for slug in story["authors"]])
        article.topics.set([self.topics[slug] for slug in story["topics"]])
        anonymous = {
            spec["key"]: AnonymousAttribution.objects.create(
                article=article,
                description=spec["description"],
                organisation=self.organisations.get(spec["organisation"] or ""),
                reason=spec["reason"],
                identity=self.people.get(spec.get("identity") or ""),
                created_by=journalist,
            )
            for spec in story["anonymous"]
        }
        positions: dict[int, int] = {}
        for spec in story["quotes"]:
            position = positions.get(spec["p"], 0)
            positions[spec["p"]] = position + 1
            Quote.objects.create(
                article=article,
                source=self.people.get(spec.get("source") or ""),
                organisation=self.organisations.get(spec.get("organisation") or ""),
                anonymous=anonymous.get(spec.get("anonymous") or ""),
                text=spec["text"],
                is_direct=spec["direct"],
                paragraph=spec["p"],
                position=position,
                context=spec.get("context", ""),
                speaker_title=spec.get("title", ""),
                speaker_organisation=spec.get("organisation_words", ""),
            )
        for spec in story["mentions"]:
            Mention.objects.create(
                article=article,
                source=self.people.get(spec.get("source") or ""),
                organisation=self.organisations.get(spec.get("organisation") or ""),
            )
        if "state" in story:
            self.record_history(article, story)
        return article

    def state_of(self, story: dict):
        """Status, publish time and embargo; relative times are computed once, at creation."""
        now = timezone.now()
        state = story.get("state", "published")
        hours = story.get("publish_in_hours")
        published_at = (
            datetime.fromisoformat(story["published_at"])
            if "published_at" in story
            else (now + timedelta(hours=hours) if hours is not None else None)
        )
        embargo_hours = story.get("embargo_in_hours")
        embargo_until = now + timedelta(hours=embargo_hours) if embargo_hours else None
        status = {
            "scheduled": Article.Status.PUBLISHED,
            "embargoed": Article.Status.PUBLISHED,
        }.get(state, state)
        return status, published_at, embargo_until

    def record_history(self, article: Article, story: dict) -> None:
        """A first revision, and for an approved story the approval of that revision."""
        from articles import revisions  # noqa: PLC0415

        revision = revisions.record(article, by=self.users["journalist"], note="Demo content")
        editor = self.users["editor"]
        state = story["state"]
        events = {
            "in_review": [("submit", "draft", "in_review", "")],
            "sent_back": [("send_back", "in_review", "sent_back", story.get("note", ""))],
            "approved": [("approve", "in_review", "approved", "")],
            "scheduled": [
                ("approve", "in_review", "approved", ""),
                ("schedule", "approved", "published", ""),
            ],
            "embargoed": [
                ("approve", "in_review", "approved", ""),
                ("publish", "approved", "published", ""),
                ("embargo", "published", "published", ""),
            ],
            "unpublished": [
                ("approve", "in_review", "approved", ""),
                ("publish", "approved", "published", ""),
                ("unpublish", "published", "unpublished", story.get("retraction_note", "")),
            ],
        }.get(state, [])
        for action, from_status, to_status, note in events:
            ArticleEvent.objects.create(
                article=article,
                action=action,
                actor=self.users["journalist"] if action == "submit" else editor,
                from_status=from_status,
                to_status=to_status,
                note=note,
                revision=revision if action == "approve" else None,
            )
        if state in {"approved", "scheduled", "embargoed", "unpublished"}:
            article.approved_revision = revision
            article.save(update_fields=["approved_revision"])


def load_demo_newsroom(password: str) -> LoadReport:
    return DemoLoader(password).load()
