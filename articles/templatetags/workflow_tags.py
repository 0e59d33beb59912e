from django import template

from articles import permissions, workflow
from articles.models import Article

register = template.Library()


@register.simple_tag(takes_context=True)
def editorial_queues(context):
    """The admin home's queues: awaiting review for editors, sent back for the journalist,
    each sent-back story with its editor's note."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {}
    queues = {}
    if permissions.is_editor(user):
        queues["Awaiting review"] = Article.objects.filter(status=Article.Status.IN_REVIEW)
        queues["Approved, not yet published"] = Article.objects.filter(
            status=Article.Status.APPROVED
        )
        queues["Scheduled"] = Article.objects.scheduled()
    mine = Article.objects.owned_by(user)
    queues["My stories sent back"] = mine.filter(status=Article.Status.SENT_BACK)
    queues["My drafts"] = mine.filter(status=Article.Status.DRAFT)
    lists = {
        title: list(queryset.select_related("modified_by").order_by("-modified_at")[:10])
        for title, queryset in queues.items()
    }
    notes = workflow.sent_back_notes([a for articles in lists.values() for a in articles])
    for articles in lists.values():
        for article in articles:
            article.sent_back_event = notes.get(article.pk)
    return lists
