from dataclasses import asdict

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from importer.forms import (
    ImportForm,
    QuoteFormSet,
    ReviewForm,
    SpeakerFormSet,
    speaker_initial,
)
from importer.importing import default_decisions, default_quote_decisions, propose, save_import
from importer.models import StoryImport

IMPORT_PERMISSION = "articles.add_article"


@admin.register(StoryImport)
class StoryImportAdmin(admin.ModelAdmin):
    """Import story: paste or upload copy, review the proposed quotes and sources, save a draft."""

    def has_module_permission(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(IMPORT_PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.import_view), name=name)]

    def import_view(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        if request.method == "POST" and "review" in request.POST:
            return self.review_step(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                proposal = propose(form.cleaned_data["text"], user=request.user)
            except ValidationError as error:
                form.add_error("text" if not form.cleaned_data.get("file") else "file", error)
            else:
                review = ReviewForm(
                    initial={"headline": form.cleaned_data["headline"], "text": proposal.text}
                )
                speakers = SpeakerFormSet(
                    prefix="speakers",
                    initial=[speaker_initial(proposal, d) for d in default_decisions(proposal)],
                    form_kwargs={"proposal": proposal, "user": request.user},
                )
                quotes = QuoteFormSet(
                    prefix="quotes",
                    initial=[
                        asdict(d) | {"include": True} for d in default_quote_decisions(proposal)
                    ],
                    form_kwargs={"proposal": proposal},
                )
                return self.render_review(request, proposal, review, speakers, quotes)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
        context["title"] = "Import story"
        return TemplateResponse(request, "admin/importer/import_form.html", context)

    def review_step(self, request):
        review = ReviewForm(request.POST)
        if not review.is_valid():
            messages.error(request, "The import was incomplete; paste the story again.")
            return redirect(reverse("admin:importer_storyimport_changelist"))
        try:
            proposal = propose(review.cleaned_data["text"], user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(reverse("admin:importer_storyimport_changelist"))
        speakers = SpeakerFormSet(
            request.POST,
            prefix="speakers",
            form_kwargs={"proposal": proposal, "user": request.user},
        )
        quotes = QuoteFormSet(request.POST, prefix="quotes", form_kwargs={"proposal": proposal})
        if speakers.is_valid() and quotes.is_valid():
            decisions = [form.decision() for form in quotes]
            try:
                article = save_import(
                    proposal,
                    headline=review.cleaned_data["headline"],
                    speakers=[form.decision() for form in speakers],
                    quotes=[decision for decision in decisions if decision],
                    by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    f"Draft “{article.headline}” created with {article.quotes.count()} quotes. "
                    "Check it, then submit it for review.",
                )
                return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        return self.render_review(request, proposal, review, speakers, quotes)

    def render_review(self, request, proposal, review, speakers, quotes):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review the proposed quotes and sources",
            "proposal": proposal,
            "review": review,
            "speakers": speakers,
            "quotes": quotes,
            "media": self.media + speakers.media,
        }
        return TemplateResponse(request, "admin/importer/review.html", context)
