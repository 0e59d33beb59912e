"""Previews: staff see a story exactly as readers will, marked as a preview; outside reviewers
use an expiring, revocable share link. Neither path goes near ``published()``: both are
separate from the public site and say so on the page.

A share link is for a story readers cannot read yet (``shareable``). Once the story is public
the link leads to its public page; once it is unpublished or retracted the link answers 404,
as the story's own address does: a withdrawn story is never readable through a preview."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from articles import pages
from articles.models import Article, ArticleEvent, ShareLink
from articles.views import story_context


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def shareable(article: Article) -> bool:
    """Not yet public, and never taken down: a draft, a story in review or approved, scheduled
    or under embargo."""
    return article.status != Article.Status.UNPUBLISHED and not article.is_public


def create_share_link(article: Article, *, by, days: int = 3, label: str = "", now=None):
    """A new link; the token is returned once and only its hash is stored."""
    if not shareable(article):
        raise ValidationError(
            f"“{article}” is {article.workflow_label.lower()}: a preview link is only for a "
            "story readers cannot read yet."
        )
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = ShareLink.objects.create(
        article=article,
        token_hash=hash_token(token),
        label=label,
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    ArticleEvent.objects.create(
        article=article,
        action="share_link_created",
        actor=by,
        from_status=article.status,
        to_status=article.status,
        note=label,
        details={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return link, token


def revoke_share_link(link: ShareLink, *, by) -> None:
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    ArticleEvent.objects.create(
        article=link.article,
        action="share_link_revoked",
        actor=by,
        from_status=link.article.status,
        to_status=link.article.status,
        details={"link": link.pk},
    )


def render_preview(request, article: Article, *, shared: bool = False):
    """The reader's page for ``article``, from the public page's own query and context.

    A story without a publish time is shown as if published now; nothing is saved.
    """
    story = pages.preview_page(article)
    context = {**story_context(request, story), "article": article, "shared_preview": shared}
    response = TemplateResponse(request, "articles/article_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def shared_preview(request, token: str):
    """``/preview/<token>/``: one story, while the link is valid; every use is logged."""
    link = ShareLink.objects.select_related("article").filter(token_hash=hash_token(token)).first()
    if link is None or not link.is_valid():
        raise Http404("This preview link is not valid.")
    if link.article.is_public:
        return redirect(link.article.get_absolute_url())
    if not shareable(link.article):
        raise Http404("This story is no longer available.")
    ArticleEvent.objects.create(
        article=link.article,
        action="share_link_used",
        actor=request.user if request.user.is_authenticated else None,
        from_status=link.article.status,
        to_status=link.article.status,
        details={"link": link.pk, "ip": request.META.get("REMOTE_ADDR", "")},
    )
    return render_preview(request, link.article, shared=True)
