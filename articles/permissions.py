"""Object rules: who may do what to which story or source (see shared PERMISSIONS.md).

Django permissions say what a role may do at all; these functions add "own story or another's"
and the state of the story. The admin, its actions, the workflow and the preview all ask here.
"""

from __future__ import annotations

from django.db.models import Q

from articles.models import Article
from newsroom.publication import live_q

EDITABLE_BY_JOURNALIST = {Article.Status.DRAFT, Article.Status.SENT_BACK}


def is_editor(user) -> bool:
    """Editors (and superusers) review other people's stories."""
    return user.is_active and user.has_perm("articles.approve_article")


def is_own(user, article: Article) -> bool:
    """The user created the story or carries a byline on it."""
    if article.pk is None:  # a story being created is its creator's own
        return True
    if not user.is_authenticated:
        return False
    if article.owner_id == user.pk:
        return True
    return article.authors.filter(user=user).exists()


def made_last_change(user, article: Article) -> bool:
    """The user last changed the story's words: like an author, they may not approve them."""
    return article.text_changed_by_id is not None and article.text_changed_by_id == user.pk


def visible_articles_q(user) -> Q | None:
    """Stories the user may open in the admin; ``None`` means all of them."""
    if is_editor(user):
        return None
    return Q(owner=user) | Q(authors__user=user) | live_q()


def can_view(user, article: Article) -> bool:
    """Open in the admin, preview, see revisions and history."""
    if not user.has_perm("articles.view_article"):
        return False
    return is_editor(user) or is_own(user, article) or article.is_public


def can_view_history(user, article: Article) -> bool:
    """Revisions, events and the admin history: editors, and journalists for their own stories."""
    return user.has_perm("articles.view_article") and (is_editor(user) or is_own(user, article))


def can_preview(user, article: Article) -> bool:
    return user.is_staff and (is_editor(user) or is_own(user, article))


def can_share(user) -> bool:
    """Create and revoke preview links for outside reviewers: editors."""
    return is_editor(user)


def can_change(user, article: Article | None) -> bool:
    """Edit the words: editors any story; journalists only their own draft or sent-back story."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or is_editor(user):
        return True
    return is_own(user, article) and article.status in EDITABLE_BY_JOURNALIST


def can_delete(user, article: Article | None) -> bool:
    """Never a story that has been public, except by a superuser; journalists own unsubmitted drafts."""
    if not user.has_perm("articles.delete_article"):
        return False
    if article is None or user.is_superuser:
        return True
    if article.status in {Article.Status.PUBLISHED, Article.Status.UNPUBLISHED}:
        return False
    if is_editor(user):
        return True
    return is_own(user, article) and article.status in EDITABLE_BY_JOURNALIST


def can_schedule(user, article: Article | None = None) -> bool:
    """Set publish times and embargoes: publishers, and never on their own story."""
    if not user.has_perm("articles.publish_article"):
        return False
    return article is None or article.pk is None or not is_own(user, article)


def can_arrange_front_page(user) -> bool:
    """Choose and order the home page's lead and top stories: editors (PERMISSIONS.md)."""
    return user.is_active and user.has_perm("articles.arrange_front_page")


def can_set_desk_checks(user) -> bool:
    """Decide which pre-publication checks block and which warn, for the whole newsroom."""
    return user.is_active and user.has_perm("articles.change_deskchecks")
