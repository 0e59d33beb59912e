"""The demo newsroom: the Islamabad story, a few short fictional stories, and three accounts.

Loading is idempotent by construction: every object is looked up by its natural key (username,
slug) and created only when missing, so a second run changes nothing.

Each story is written as a draft and taken to its state through ``articles.workflow`` by the
demo's people (``bring_to_state``), so its history in the back office is the one the workflow
writes, and a rule added to the workflow holds for the demo too.
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
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles import permissions, revisions, workflow
from articles.demo.illustrations import ILLUSTRATIONS
from articles.models import Article, Author, FrontPageItem, Section, Topic
from articles.text import paragraphs_to_html
from images.models import Image
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


#: The states a story can be brought to, in the order the workflow reaches them.
STATES = (
    "draft",
    "in_review",
    "sent_back",
    "approved",
    "scheduled",
    "published",
    "embargoed",
    "unpublished",
)


def bring_to_state(
    article: Article,
    state: str,
    *,
    writer,
    reviewer,
    publisher,
    now: datetime | None = None,
    publish_at: datetime | None = None,
    embargo_until: datetime | None = None,
    note: str = "",
    retraction: str = "",
) -> Article:
    """Take a new draft to ``state`` through the workflow, as a newsroom does: ``writer``
    submits it, ``reviewer`` sends it back with ``note`` or approves the version shown (knowing
    who its anonymous sources are), and ``publisher`` schedules it for ``publish_at``, sets the
    embargo, publishes it at ``publish_at`` (a past time backdates it) or takes it down,
    publicly when there is a ``retraction`` note. Four-eyes applies: the reviewer and the
    publisher must not be authors of the story."""
    if state not in STATES:
        raise ValueError(f"Unknown state {state!r}; choose one of {', '.join(STATES)}.")
    now = now or timezone.now()
    if state == "draft":
        return article
    workflow.submit(article, by=writer)
    if state == "sent_back":
        workflow.send_back(article, by=reviewer, note=note or "Please check the sourcing.")
    if state in {"in_review", "sent_back"}:
        return article
    workflow.approve(
        article,
        by=reviewer,
        version=article.version,
        confirm_anonymous_sources=bool(workflow.anonymous_quote_count(article)),
    )
    if state == "scheduled":
        workflow.schedule(article, by=publisher, at=publish_at or now + timedelta(days=1), now=now)
    elif state != "approved":
        if state == "embargoed":
            workflow.set_embargo(
                article, by=publisher, until=embargo_until or now + timedelta(days=1)
            )
        workflow.publish(article, by=publisher, at=publish_at, now=now)
    if state == "unpublished":
        reason = retraction or note or "Taken down by the desk."
        workflow.unpublish(article, by=publisher, reason=reason, retract=bool(retraction))
    return article


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
        self.now = timezone.now()  # relative times ("in 72 hours") count from here
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

    def ensure_lead_image(self, spec: dict | None) -> Image | None:
        """The story's illustration, drawn now (``articles.demo.illustrations``) and stored in
        the image library like an upload, credited and described; made with its story, so a
        second load finds the story and draws nothing."""
        if spec is None:
            return None
        drawing = ILLUSTRATIONS[spec["illustration"]]()
        values = {key: value for key, value in spec.items() if key != "illustration"}
        image = Image(
            **values,
            file=ContentFile(drawing, name=f"{spec['illustration']}.png"),
            uploaded_by=self.users["journalist"],
        )
        image.save()
        self.report.count("images", True)
        return image

    def ensure_story(self, story: dict) -> Article:
        """The story as its journalist wrote it (a draft, with its first revision), then
        taken to its state by the demo's people."""
        article = Article.objects.filter(slug=story["slug"]).first()
        self.report.count("articles", article is None)
        if article is not None:
            self.ensure_public_reasons(article, story)
            return article
        journalist = self.users["journalist"]
        article = Article.objects.create(
            slug=story["slug"],
            headline=story["headline"],
            dek=story["dek"],
            dateline=story["dateline"],
            section=self.sections[story["section"]],
            byline_text=story.get("byline_text", ""),
            credit=story.get("credit", ""),
            body=paragraphs_to_html(story["paragraphs"]),
            lead_image=self.ensure_lead_image(story.get("lead_image")),
            owner=journalist,
        )
        article.authors.set([self.authors[slug] for slug in story["authors"]])
        article.topics.set([self.topics[slug] for slug in story["topics"]])
        anonymous = {
            spec["key"]: AnonymousAttribution.objects.create(
                article=article,
                description=spec["description"],
                organisation=self.organisations.get(spec["organisation"] or ""),
                public_reason=spec["public_reason"],
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
        revisions.record(article, by=journalist, note="Written for the demo")
        return self.bring_to_state(article, story)

    def ensure_public_reasons(self, article: Article, story: dict) -> None:
        """A demo loaded before readers were told why a source is anonymous gets the public
        wording; one the desk has written since is kept."""
        for spec in story["anonymous"]:
            AnonymousAttribution.objects.filter(
                article=article, description=spec["description"], public_reason=""
            ).update(public_reason=spec["public_reason"])

    def bring_to_state(self, article: Article, story: dict) -> Article:
        """The journalist submits; the editor reviews, unless they have the byline (then the
        admin does); the admin publishes, schedules, embargoes and retracts."""
        editor, admin = self.users["editor"], self.users["admin"]
        hours = story.get("publish_in_hours")
        embargo_hours = story.get("embargo_in_hours")
        if "published_at" in story:
            publish_at = datetime.fromisoformat(story["published_at"])
        else:
            publish_at = self.now + timedelta(hours=hours) if hours is not None else None
        return bring_to_state(
            article,
            story.get("state", "published"),
            writer=self.users["journalist"],
            reviewer=admin if permissions.is_own(editor, article) else editor,
            publisher=admin,
            now=self.now,
            publish_at=publish_at,
            embargo_until=self.now + timedelta(hours=embargo_hours) if embargo_hours else None,
            note=story.get("note", ""),
            retraction=story.get("retraction_note", ""),
        )


def load_demo_newsroom(password: str) -> LoadReport:
    return DemoLoader(password).load()
