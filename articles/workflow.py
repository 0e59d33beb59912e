"""The editorial workflow: the only door through which a story's status changes, and the only
writer of its audit trail (``ArticleEvent``).

Each transition function checks the actor's permission, the object rules in
``articles.permissions`` and the current state (``TRANSITIONS``), then, in one transaction with
the row locked, saves only the fields it changes, writes an ``ArticleEvent`` and defers side
effects until commit (the save's ``public_content_changed`` purges the CDN then). The other
audited actions (embargoes, restores, share links for outside reviewers, a scheduled story
going live) write their events here too.

Approval, publication and scheduling also need the desk's blocking pre-publication checks to
pass (``articles.checks``; which of them block is the newsroom's ``DeskChecks`` setting).

"Scheduled" is not a state: it is a published story whose publish time has not come, and it
becomes public on time because ``Article.objects.published()`` compares with now.

What a change to a story's words (headline, dek, body, quotes) means depends on its state
(``after_edit``): on a public story it is a dated correction or update readers see; on an approved,
scheduled or embargoed story it voids the approval and returns the story to review; and whoever
made it may not approve it (four-eyes rule).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import checks, permissions, revisions
from articles.models import Article, ArticleEvent, ArticleRevision, Correction, ShareLink
from articles.sourcing import quote_problems
from newsroom.signals import public_content_changed
from sources.models import Quote

S = Article.Status


class WorkflowPermissionDenied(PermissionDenied):
    """The actor may not do this to this story; the message says why, for an editor."""


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    permission: str
    four_eyes: bool = False  # refused on a story the actor wrote or owns
    own_or_editor: bool = False  # a journalist may do it to their own story only


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({S.DRAFT, S.SENT_BACK}), S.IN_REVIEW, "submit_article", own_or_editor=True
    ),
    "withdraw": Transition(frozenset({S.IN_REVIEW}), S.DRAFT, "submit_article", own_or_editor=True),
    "send_back": Transition(frozenset({S.IN_REVIEW}), S.SENT_BACK, "approve_article"),
    "approve": Transition(frozenset({S.IN_REVIEW}), S.APPROVED, "approve_article", four_eyes=True),
    # From "published" only while it is not yet public (scheduled or under embargo).
    "reopen": Transition(frozenset({S.APPROVED, S.PUBLISHED}), S.IN_REVIEW, "change_article"),
    "publish": Transition(frozenset({S.APPROVED}), S.PUBLISHED, "publish_article", four_eyes=True),
    "schedule": Transition(
        frozenset({S.APPROVED, S.PUBLISHED}), S.PUBLISHED, "publish_article", four_eyes=True
    ),
    "unpublish": Transition(frozenset({S.PUBLISHED}), S.UNPUBLISHED, "publish_article"),
    "republish": Transition(
        frozenset({S.UNPUBLISHED}), S.PUBLISHED, "publish_article", four_eyes=True
    ),
    "correct": Transition(frozenset({S.PUBLISHED}), None, "publish_article"),
}

ACTION_LABELS = {
    "submit": "submit for review",
    "withdraw": "withdraw from review",
    "send_back": "send back",
    "approve": "approve",
    "reopen": "reopen review",
    "publish": "publish",
    "schedule": "schedule",
    "unpublish": "unpublish",
    "republish": "republish",
    "correct": "add a correction to",
}


def check(action: str, article: Article, *, by) -> Transition:
    """Raise unless ``by`` may perform ``action`` on ``article`` in its current state."""
    transition = TRANSITIONS[action]
    label = ACTION_LABELS[action]
    if not by.has_perm(f"articles.{transition.permission}"):
        raise WorkflowPermissionDenied(f"You do not have permission to {label} a story.")
    if transition.own_or_editor and not (
        permissions.is_editor(by) or permissions.is_own(by, article)
    ):
        raise WorkflowPermissionDenied(f"You can only {label} your own stories.")
    if transition.four_eyes and permissions.is_own(by, article):
        raise WorkflowPermissionDenied(
            f"You cannot {label} “{article}”: you are one of its authors. "
            "Another editor must do it (four-eyes rule)."
        )
    if action == "approve" and permissions.made_last_change(by, article):
        raise WorkflowPermissionDenied(
            f"You cannot approve “{article}”: you made the last change to its words. "
            "Another editor must review it (four-eyes rule)."
        )
    if article.status not in transition.sources:
        raise ValidationError(
            f"Cannot {label} “{article}” while it is {article.workflow_label.lower()}."
        )
    return transition


def allowed_actions(article: Article, *, by) -> list[str]:
    """The transitions ``by`` may perform now, for buttons in the admin."""
    allowed = []
    for action in TRANSITIONS:
        if action == "reopen":
            continue
        try:
            check(action, article, by=by)
        except (PermissionDenied, ValidationError):
            continue
        if action == "schedule" and article.status == S.PUBLISHED and not article.is_scheduled:
            continue
        allowed.append(action)
    return allowed


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _event(article: Article, *, action: str, by, from_status: str, note: str = "", **extra):
    revision = extra.pop("revision", None)
    return ArticleEvent.objects.create(
        article=article,
        action=action,
        actor=by,
        from_status=from_status,
        to_status=article.status,
        note=note,
        revision=revision,
        details=extra,
    )


def _transition(
    action: str, article: Article, *, by, note: str = "", apply=None, fields=(), **extra
) -> Article:
    """Lock the row, check, let ``apply`` set ``fields``, save them and log the event.

    ``apply`` may return a dict of extra event data (e.g. the revision approved).
    """
    with transaction.atomic():
        locked = _locked(article)
        transition = check(action, locked, by=by)
        from_status = locked.status
        if apply is not None:
            extra.update(apply(locked) or {})
        update = {*fields, "version", "modified_by"}
        if transition.target is not None:
            locked.status = transition.target
            update.add("status")
        # A transition counts as a save: a form opened before it can no longer overwrite it.
        locked.version += 1
        locked.modified_by = by
        locked.save(update_fields=[*sorted(update), "modified_at"])
        _event(locked, action=action, by=by, from_status=from_status, note=note, **extra)
    article.refresh_from_db()
    return article


def submit(article: Article, *, by, note: str = "") -> Article:
    """Send a draft or sent-back story to the editors."""
    return _transition("submit", article, by=by, note=note)


def withdraw(article: Article, *, by, note: str = "") -> Article:
    """Take a story back from review to draft; any review so far no longer counts."""

    def apply(locked):
        locked.approved_revision = None

    return _transition(
        "withdraw", article, by=by, note=note, apply=apply, fields=["approved_revision"]
    )


def send_back(article: Article, *, by, note: str) -> Article:
    """Return a story to its journalist with the editor's note of what to fix."""
    if not (note or "").strip():
        raise ValidationError("Say what needs fixing: the note goes to the journalist.")
    return _transition("send_back", article, by=by, note=note)


def sent_back_notes(articles) -> dict[int, ArticleEvent]:
    """For each of ``articles`` that is sent back, the event that sent it back (its note, its
    editor, its time): the journalist reads it beside the story until resubmitting it."""
    waiting = [article.pk for article in articles if article.status == S.SENT_BACK]
    notes: dict[int, ArticleEvent] = {}
    events = (
        ArticleEvent.objects.filter(article__in=waiting, action="send_back")
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    for event in events:
        notes.setdefault(event.article_id, event)
    return notes


def anonymous_quote_count(article: Article) -> int:
    return Quote.objects.filter(article=article, anonymous__isnull=False).count()


def approve(
    article: Article,
    *,
    by,
    version: int,
    confirm_anonymous_sources: bool = False,
    note: str = "",
) -> Article:
    """Approve the story as the editor was shown it: ``version`` is the story's ``version`` on
    the page they read. Any save or transition since (a withdrawal, a rewrite, a resubmission)
    refuses the approval, so it never covers words the editor did not see."""

    def apply(locked):
        if locked.version != version:
            who = locked.modified_by
            name = (who.get_full_name() or who.username) if who else "Someone"
            raise ValidationError(
                f"“{locked}” changed after you opened it ({name}, "
                f"{timezone.localtime(locked.modified_at):%d %b %Y, %H:%M}): nothing was "
                "approved. Read the story as it is now and approve it again."
            )
        problems = quote_problems(locked)
        if problems:
            raise ValidationError([f"“{locked}” cannot be approved: {problems[0]}", *problems[1:]])
        if anonymous_quote_count(locked) and not confirm_anonymous_sources:
            raise ValidationError(
                f"“{locked}” quotes anonymous sources: confirm that you know who they are "
                "before approving it."
            )
        checks.require_passing(locked, doing="approved")
        locked.approved_revision = revisions.record(locked, by=by, note="Approved")
        return {"revision": locked.approved_revision}

    return _transition(
        "approve",
        article,
        by=by,
        note=note,
        apply=apply,
        fields=["approved_revision"],
        confirmed_anonymous_sources=bool(confirm_anonymous_sources),
        version=version,
    )


def reopen(article: Article, *, by, note: str = "The text changed after approval.") -> Article:
    """Put an approved, scheduled or embargoed story back in review because its words changed:
    the approval covered other words. A publish time still to come is cleared with it, so the
    story cannot go live before someone else approves the new words."""

    def apply(locked):
        extra = {}
        if locked.status == S.PUBLISHED:
            if locked.is_public:
                raise ValidationError(f"“{locked}” is public: correct it instead.")
            extra["cleared_publish_time"] = locked.published_at.isoformat()
            locked.published_at = None
        locked.approved_revision = None
        return extra

    _transition(
        "reopen",
        article,
        by=by,
        note=note,
        apply=apply,
        fields=["approved_revision", "published_at"],
    )
    return article


def _require_approved_text(article: Article) -> None:
    """The approved words, and nothing a reader must not see (``Article.publishing_problems``)."""
    if revisions.changed_since_approval(article):
        raise ValidationError(
            f"The text of “{article}” changed after it was approved; it needs a new review."
        )
    _require_publishable(article)


def _require_publishable(article: Article) -> None:
    problems = article.publishing_problems()
    if problems:
        raise ValidationError(
            [f"“{article}” cannot be published yet: {problems[0]}", *problems[1:]]
        )


def publish(
    article: Article,
    *,
    by,
    at: datetime | None = None,
    now: datetime | None = None,
    note: str = "",
) -> Article:
    """Publish an approved story now, or at ``at``: a future time schedules it, a past one
    backdates it (a story that ran in print or elsewhere first, the demo's archive).
    ``now`` is when this happens, for tests and loaders that fix the clock; ``note`` is kept
    in the story's log. The desk's blocking checks must pass (``articles.checks``)."""
    now = now or timezone.now()
    at = at or now
    action = "publish" if at <= now else "schedule"

    def apply(locked):
        _require_approved_text(locked)
        checks.require_passing(locked, doing="published" if action == "publish" else "scheduled")
        locked.published_at = at

    _transition(
        action,
        article,
        by=by,
        note=note,
        apply=apply,
        fields=["published_at"],
        at=at.isoformat(),
    )
    return article


def schedule(
    article: Article, *, by, at: datetime, now: datetime | None = None, note: str = ""
) -> Article:
    """Publish at a future time; a story already scheduled can be moved to another time.
    ``note`` is kept in the story's log; the desk's blocking checks must pass."""
    now = now or timezone.now()
    if at <= now:
        raise ValidationError("Choose a publish time in the future, or publish now.")

    def apply(locked):
        if locked.status == S.PUBLISHED and not (locked.published_at and locked.published_at > now):
            raise ValidationError(f"“{locked}” is already public; it cannot be scheduled.")
        if locked.status == S.APPROVED:
            _require_approved_text(locked)
        checks.require_passing(locked, doing="scheduled")
        locked.published_at = at

    _transition(
        "schedule",
        article,
        by=by,
        note=note,
        apply=apply,
        fields=["published_at"],
        at=at.isoformat(),
    )
    return article


def set_embargo(article: Article, *, by, until: datetime | None) -> Article:
    """Set or lift the time before which the story is never public."""
    if not permissions.can_schedule(by, article):
        raise WorkflowPermissionDenied("You cannot set the embargo of this story.")
    with transaction.atomic():
        locked = _locked(article)
        locked.embargo_until = until
        locked.save(update_fields=["embargo_until", "modified_at"])  # part of a form save
        _event(
            locked,
            action="embargo",
            by=by,
            from_status=locked.status,
            until=until.isoformat() if until else None,
        )
    article.refresh_from_db()
    return article


def unpublish(article: Article, *, by, reason: str, retract: bool = False) -> Article:
    """Take a story down: silently (404), or as a public retraction (410 with the note)."""
    if not (reason or "").strip():
        raise ValidationError("Give the reason for unpublishing; it is kept in the story’s log.")

    def apply(locked):
        if retract and not locked.is_public:
            # A retraction is a public notice about a story readers read: for one they never
            # saw (scheduled, under embargo) it would announce the story. Its URL stays 404.
            raise ValidationError(
                f"“{locked}” is not public now ({locked.workflow_label.lower()}): unpublish it "
                "without a retraction, and its address keeps answering 404."
            )
        locked.retraction_note = reason.strip() if retract else ""

    _transition(
        "unpublish",
        article,
        by=by,
        note=reason,
        apply=apply,
        fields=["retraction_note"],
        retracted=bool(retract),
    )
    return article


def republish(article: Article, *, by, note: str = "") -> Article:
    """Put an unpublished story back; its original publish time and URL are kept."""

    def apply(locked):
        _require_publishable(locked)
        locked.retraction_note = ""

    _transition("republish", article, by=by, note=note, apply=apply, fields=["retraction_note"])
    return article


def correct(
    article: Article,
    *,
    by,
    text: str,
    kind: str = Correction.Kind.CORRECTION,
    now: datetime | None = None,
) -> Correction:
    """Append a dated correction or update note and move the public "Updated" time."""
    if not (text or "").strip():
        raise ValidationError("Write the correction readers will see.")
    if kind not in Correction.Kind.values:
        raise ValidationError(f"Unknown kind of note: {kind}.")
    now = now or timezone.now()
    created = {}

    def apply(locked):
        locked.public_updated_at = now
        created["note"] = Correction.objects.create(
            article=locked, kind=kind, text=text.strip(), published_at=now, created_by=by
        )

    _transition(
        "correct", article, by=by, note=text, apply=apply, fields=["public_updated_at"], kind=kind
    )
    return created["note"]


# --- changes to the words ---------------------------------------------------------------------


def after_edit(
    article: Article,
    *,
    by,
    before: dict,
    note: str = "",
    kind: str = Correction.Kind.CORRECTION,
    now: datetime | None = None,
) -> str | None:
    """Apply what a change to the words means in the story's state; call it after saving them,
    in the same transaction, with ``before`` the ``revisions.snapshot`` taken before the save.

    - A public story: readers must see the change as a dated correction or update (``note``),
      and the new words must pass the publication checks. Without a note, or with a problem,
      this raises and the caller's transaction must roll the save back.
    - Approved, scheduled or under embargo: back to review (``reopen``).
    - Otherwise nothing beyond remembering who changed the words.

    The changer is kept in ``text_changed_by``: they may not approve the new words. Returns
    "correct" or "reopen" when either happened.
    """
    note = (note or "").strip()
    article.refresh_from_db()
    if revisions.text_of(revisions.snapshot(article)) == revisions.text_of(before):
        if note and article.is_public:  # a note alone is an ordinary correction
            correct(article, by=by, text=note, kind=kind, now=now)
            return "correct"
        return None
    article.text_changed_by = by
    article.save(update_fields=["text_changed_by"])
    if article.is_public:
        if not note:
            raise ValidationError(
                f"“{article}” is public: a change to its headline, dek, body or quotes reaches "
                "readers at once, so it needs a correction or update note they will see (with "
                "its time). Write one under “Correction or update”, or unpublish the story first."
            )
        _require_publishable(article)
        correct(article, by=by, text=note, kind=kind, now=now)
        return "correct"
    if article.status in {S.APPROVED, S.PUBLISHED}:  # published but not public: scheduled
        reopen(article, by=by)
        return "reopen"
    return None


@dataclass(frozen=True)
class Restored:
    revision: ArticleRevision
    skipped: list[str]  # quotes not restored: their speaker was deleted
    held: bool  # a public story's words are held as a revision until published


def restore(revision: ArticleRevision, *, by) -> Restored:
    """Restore an earlier revision's words as a new revision.

    A public story's live words never change here: the new revision waits until an editor
    publishes it (``publish_revision``) with a correction or update note. Any other story
    takes the words back at once, with what that means in its state (``after_edit``).
    """
    with transaction.atomic():
        article = _locked(revision.article)
        if not permissions.can_change(by, article):
            raise WorkflowPermissionDenied(f"You cannot restore a revision of “{article}”.")
        note = f"Restored from revision {revision.number}"
        if article.is_public:
            new = revisions.record(
                article, by=by, note=f"{note}; not live until published", content=revision.content
            )
            skipped, held = [], True
        else:
            before = revisions.snapshot(article)
            skipped = revisions.write(article, revision.content, by=by)
            new = revisions.record(article, by=by, note=note)
            after_edit(article, by=by, before=before)
            held = False
        article.refresh_from_db()
        _event(
            article,
            action="restore",
            by=by,
            from_status=article.status,
            note=f"Restored revision {revision.number}",
            revision=new,
            held=held,
        )
    return Restored(revision=new, skipped=skipped, held=held)


def publish_revision(
    revision: ArticleRevision,
    *,
    by,
    text: str,
    kind: str = Correction.Kind.CORRECTION,
    now: datetime | None = None,
) -> Correction:
    """Make a revision's words the live words of a public story, as a dated correction or
    update, with the checks of any public edit (``after_edit``); restoring and publishing are
    separate steps."""
    with transaction.atomic():
        article = _locked(revision.article)
        check("correct", article, by=by)
        if not article.is_public:
            raise ValidationError(f"“{article}” is not public: restore the revision instead.")
        before = revisions.snapshot(article)
        if revisions.text_of(revision.content) == revisions.text_of(before):
            raise ValidationError(f"Revision {revision.number} is already the live text.")
        skipped = revisions.write(article, revision.content, by=by)
        if skipped:
            raise ValidationError(
                [f"A quote’s speaker was deleted since revision {revision.number}:", *skipped]
            )
        after_edit(article, by=by, before=before, note=text, kind=kind, now=now)
        revisions.record(article, by=by, note=f"Published revision {revision.number}")
    return article.corrections.order_by("-published_at", "-pk").first()


# --- share links for outside reviewers --------------------------------------------------------


def shareable(article: Article) -> bool:
    """A preview link is for a story readers cannot read yet and that was never taken down: a
    draft, a story in review or approved, scheduled or under embargo. Once the story is public
    its link leads to the public page; once it is unpublished the link answers 404."""
    return article.status != S.UNPUBLISHED and not article.is_public


def share_token_hash(token: str) -> str:
    """What is stored of a share link's token: a leaked table gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_share_link(
    article: Article, *, by, days: int = 3, label: str = "", now: datetime | None = None
) -> tuple[ShareLink, str]:
    """A new link valid for ``days``; the token is returned once and only its hash is stored."""
    if not permissions.can_share(by):
        raise WorkflowPermissionDenied("Only editors create preview links for outside reviewers.")
    if not shareable(article):
        raise ValidationError(
            f"“{article}” is {article.workflow_label.lower()}: a preview link is only for a "
            "story readers cannot read yet."
        )
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = ShareLink.objects.create(
            article=article,
            token_hash=share_token_hash(token),
            label=label,
            created_by=by,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        _share_link_event(
            link, "created", by=by, note=label, expires_at=link.expires_at.isoformat()
        )
    return link, token


def revoke_share_link(link: ShareLink, *, by) -> None:
    if not permissions.can_share(by):
        raise WorkflowPermissionDenied("Only editors revoke preview links.")
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        _share_link_event(link, "revoked", by=by)


def record_share_link_use(link: ShareLink, *, by, address: str) -> None:
    """Log each showing of a story through its link: who (if logged in) and from where."""
    _share_link_event(link, "used", by=by, ip=address)


def _share_link_event(link: ShareLink, what: str, *, by, note: str = "", **details) -> None:
    article = link.article
    _event(
        article,
        action=f"share_link_{what}",
        by=by,
        from_status=article.status,
        note=note,
        link=link.pk,
        **details,
    )


# --- side effects on time ---------------------------------------------------------------------


def announce_went_live(article: Article) -> None:
    """A scheduled or embargoed story's time has come (``publish_scheduled``): log it, with no
    actor, and announce it (the CDN purge waits for the commit). Its status does not change: it
    was public from then; the content version moved on its own at that time."""
    with transaction.atomic():
        _event(
            article,
            action="went_live",
            by=None,
            from_status=article.status,
            note="Announced by publish_scheduled.",
        )
        public_content_changed.send(sender=Article, instance=article)
