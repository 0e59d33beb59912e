"""The workflow's pages in the back office, beside the story's change form: one page per action,
the preview, the revisions (compare, restore, publish a held revision) and share links.

Each view asks ``articles.permissions`` whether this user may see the story and changes
nothing itself: the forms call ``articles.workflow``, the one door for state changes. A refusal
comes back as a message on the story, never as an error page.
"""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles import checks, permissions, preview, revisions, workflow
from articles.forms import TRANSITION_FORMS, CorrectForm
from articles.models import Article, ArticleRevision, ShareLink
from articles.sourcing import sourcing_report
from newsroom.site_url import absolute_url


def urls(model_admin: admin.ModelAdmin) -> list:
    """The pages, each behind the admin's login and staff check."""

    def view(function, *, post_only=False):
        bound = partial(function, model_admin=model_admin)
        return model_admin.admin_site.admin_view(require_POST(bound) if post_only else bound)

    return [
        path(
            "<int:pk>/workflow/<str:action>/",
            view(transition),
            name="articles_article_transition",
        ),
        path("<int:pk>/preview/", view(preview_story), name="articles_article_preview"),
        path("<int:pk>/revisions/", view(revision_list), name="articles_article_revisions"),
        path(
            "<int:pk>/revisions/<int:number>/restore/",
            view(restore, post_only=True),
            name="articles_article_restore",
        ),
        path(
            "<int:pk>/revisions/<int:number>/publish/",
            view(publish_revision),
            name="articles_article_publish_revision",
        ),
        path("<int:pk>/share/", view(share, post_only=True), name="articles_article_share"),
        path(
            "<int:pk>/share/<int:link>/revoke/",
            view(revoke, post_only=True),
            name="articles_article_revoke",
        ),
    ]


def workflow_panel(request, article: Article) -> str:
    """The change form's panel: state, embargo, the actions this user may take now, recent
    events and share links."""
    may_share = permissions.can_share(request.user)
    actions = [
        (
            reverse("admin:articles_article_transition", args=[article.pk, action]),
            workflow.ACTION_LABELS[action].capitalize(),
        )
        for action in workflow.allowed_actions(article, by=request.user)
    ]
    history = permissions.can_view_history(request.user, article)
    return render_to_string(
        "admin/articles/article/_workflow_panel.html",
        {
            "article": article,
            "actions": actions,
            "events": article.events.select_related("actor")[:8] if history else [],
            "can_preview": permissions.can_preview(request.user, article),
            "can_share": may_share and workflow.shareable(article),
            "share_links": article.share_links.all() if may_share else [],
            "now": timezone.now(),
        },
        request=request,
    )


def _story(request, pk) -> Article:
    article = get_object_or_404(Article, pk=pk)
    if not permissions.can_view(request.user, article):
        raise PermissionDenied
    return article


def _back_to(article: Article, page: str = "change") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(f"admin:articles_article_{page}", args=[article.pk]))


def _refused(request, error: PermissionDenied | ValidationError) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


def _page(request, model_admin, template: str, **context) -> TemplateResponse:
    context = {**model_admin.admin_site.each_context(request), "opts": Article._meta, **context}
    if "form" in context:
        context["media"] = model_admin.media + context["form"].media
    return TemplateResponse(request, f"admin/articles/article/{template}", context)


#: The actions whose page shows the pre-publication checklist (``articles.checks``).
CHECKLIST_ACTIONS = {"approve", "publish", "schedule"}


def transition(request, pk, action, *, model_admin):
    """One workflow action: its form on GET, the workflow function on POST.

    A refusal by the workflow shows the page again with why and with everything typed (the
    note, the time, the confirmation), for the story as it is now: an approval then covers the
    version this new page shows."""
    article = _story(request, pk)
    form_class = TRANSITION_FORMS.get(action)
    if form_class is None:
        raise PermissionDenied
    posted = request.method == "POST"
    try:
        workflow.check(action, article, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        if not posted or isinstance(error, PermissionDenied):
            _refused(request, error)
            return _back_to(article)
        # The story moved on while the form was open (withdrawn, approved by someone else).
        form = _form_again(form_class, request.POST, article, error)
    else:
        form = form_class(request.POST if posted else None, article=article)
    if posted and not form.errors and form.is_valid():
        try:
            form.run(by=request.user)
        except (PermissionDenied, ValidationError) as error:
            article.refresh_from_db()
            form = _form_again(form_class, request.POST, article, error)
        else:
            messages.success(request, f"Done: {workflow.ACTION_LABELS[action]} “{article}”.")
            return _back_to(article)
    approving = action == "approve"
    return _page(
        request,
        model_admin,
        "transition.html",
        title=f"{workflow.ACTION_LABELS[action].capitalize()}: {article}",
        article=article,
        form=form,
        report=sourcing_report(article) if approving else None,
        shown=article if approving else None,
        checklist=checks.run(article) if action in CHECKLIST_ACTIONS else None,
        may_set_checks=permissions.can_set_desk_checks(request.user),
    )


def _form_again(form_class, data, article: Article, error: PermissionDenied | ValidationError):
    """The refused form, bound to what was typed and carrying the refusal; a version it
    carries is the story's now, since the page shows the story as it is now."""
    data = data.copy()
    if "version" in data:
        data["version"] = article.version
    form = form_class(data, article=article)
    form.is_valid()
    form.add_error(None, getattr(error, "messages", None) or [str(error)])
    return form


def preview_story(request, pk, *, model_admin):
    article = _story(request, pk)
    if not permissions.can_preview(request.user, article):
        raise PermissionDenied
    return preview.render_preview(request, article)


def revision_list(request, pk, *, model_admin):
    """The story's revisions, a comparison of two, and for a public story which revisions
    could be published (their words differ from the live ones)."""
    article = _story(request, pk)
    if not permissions.can_view_history(request.user, article):
        raise PermissionDenied
    history = list(article.revisions.select_related("created_by"))
    diff = None
    old_number, new_number = request.GET.get("a", ""), request.GET.get("b", "")
    if old_number.isdigit() and new_number == "current":
        old = get_object_or_404(ArticleRevision, article=article, number=old_number)
        diff = revisions.html_diff_content(
            old.content, revisions.snapshot(article), f"Revision {old.number}", "Current text"
        )
    elif old_number.isdigit() and new_number.isdigit():
        old = get_object_or_404(ArticleRevision, article=article, number=old_number)
        new = get_object_or_404(ArticleRevision, article=article, number=new_number)
        diff = revisions.html_diff(old, new)
    if article.is_public and "correct" in workflow.allowed_actions(article, by=request.user):
        live = revisions.text_of(revisions.snapshot(article))
        for revision in history:
            revision.publishable = revisions.text_of(revision.content) != live
    return _page(
        request,
        model_admin,
        "revisions.html",
        title=f"Revisions of “{article}”",
        article=article,
        history=history,
        diff=diff,
        can_restore=permissions.can_change(request.user, article),
    )


def restore(request, pk, number, *, model_admin):
    article = _story(request, pk)
    revision = get_object_or_404(ArticleRevision, article=article, number=number)
    status_before = article.status
    try:
        restored = workflow.restore(revision, by=request.user)  # refused: 403
    except ValidationError as error:
        _refused(request, error)
        return _back_to(article, "revisions")
    new = restored.revision
    if restored.held:
        messages.warning(
            request,
            f"Restored revision {number} as revision {new.number}. The story is public, so "
            "readers still see the current words: publish revision "
            f"{new.number} with a correction or update note to change them.",
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_publish_revision", args=[pk, new.number])
        )
    messages.info(request, f"Restored revision {number} as revision {new.number}.")
    for text in restored.skipped:
        messages.warning(request, f"Quote not restored (speaker deleted, or confidential): {text}")
    article.refresh_from_db()
    if article.status != status_before:
        messages.warning(request, f"The story is {article.workflow_label.lower()} again.")
    return _back_to(article, "revisions")


def publish_revision(request, pk, number, *, model_admin):
    """A held revision of a public story goes live here, with the note readers see."""
    article = _story(request, pk)
    revision = get_object_or_404(ArticleRevision, article=article, number=number)
    try:
        workflow.check("correct", article, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        _refused(request, error)
        return _back_to(article)
    form = CorrectForm(request.POST if request.method == "POST" else None, article=article)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.publish_revision(
                revision,
                by=request.user,
                text=form.cleaned_data["note"],
                kind=form.cleaned_data["kind"],
            )
        except (PermissionDenied, ValidationError) as error:
            _refused(request, error)
            return _back_to(article, "revisions")
        messages.info(request, f"Published revision {number} with your note.")
        return _back_to(article)
    return _page(
        request,
        model_admin,
        "transition.html",
        title=f"Publish revision {number} of “{article}”",
        article=article,
        form=form,
        diff=revisions.html_diff_content(
            revisions.snapshot(article), revision.content, "Live now", f"Revision {number}"
        ),
    )


def share(request, pk, *, model_admin):
    article = _story(request, pk)
    try:
        days = min(max(int(request.POST.get("days") or 3), 1), 30)
    except ValueError:
        days = 3
    try:
        link, token = workflow.create_share_link(  # refused to a non-editor: 403
            article, by=request.user, days=days, label=request.POST.get("label", "")[:120]
        )
    except ValidationError as error:
        _refused(request, error)
        return _back_to(article)
    url = absolute_url(request, reverse("shared_preview", args=[token]))
    messages.success(
        request,
        f"Share this preview link (it is shown only once, valid until "
        f"{timezone.localtime(link.expires_at):%d %b %Y %H:%M}): {url}",
    )
    return _back_to(article)


def revoke(request, pk, link, *, model_admin):
    article = _story(request, pk)
    share_link = get_object_or_404(ShareLink, article=article, pk=link)
    workflow.revoke_share_link(share_link, by=request.user)  # refused to a non-editor: 403
    messages.info(request, "Preview link revoked.")
    return _back_to(article)
