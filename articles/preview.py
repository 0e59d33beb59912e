"""Previews: staff see a story exactly as readers will, marked as a preview; outside reviewers
use an expiring, revocable share link. Neither path goes near ``published()``: both are
separate from the public site and say so on the page.

A share link is for a story readers cannot read yet (``workflow.shareable``; the workflow
creates, revokes and logs links). Once the story is public the link leads to its public page;
once it is unpublished or retracted the link answers 404, as the story's own address does: a
withdrawn story is never readable through a preview."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from articles import story_page, workflow
from articles.models import Article, ShareLink
from articles.views import story_context


def render_preview(request, article: Article, *, shared: bool = False):
    """The reader's page for ``article``, from the public page's own queryset and context.

    A story without a publish time is shown as if published now; nothing is saved.
    """
    now = timezone.now()
    story = story_page.read(pk=article.pk, now=now)
    story.published_at = story.published_at or now
    context = {
        **story_context(request, story),
        "article": article,
        "shared_preview": shared,
    }
    response = TemplateResponse(request, "articles/article_preview.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def shared_preview(request, token: str):
    """``/preview/<token>/``: one story, while the link is valid; every use is logged."""
    link = (
        ShareLink.objects.select_related("article")
        .filter(token_hash=workflow.share_token_hash(token))
        .first()
    )
    if link is None or not link.is_valid():
        raise Http404("This preview link is not valid.")
    if link.article.is_public:
        return redirect(link.article.get_absolute_url())
    if not workflow.shareable(link.article):
        raise Http404("This story is no longer available.")
    workflow.record_share_link_use(
        link,
        by=request.user if request.user.is_authenticated else None,
        address=request.META.get("REMOTE_ADDR", ""),
    )
    return render_preview(request, link.article, shared=True)
