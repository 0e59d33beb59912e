"""Side effects for stories whose scheduled time has come; correctness never depends on it.

A scheduled story is public at its time because ``published()`` compares with now. This
command, run from cron every few minutes, announces each story that went live since it was
scheduled (cache purge, pings) once, and lists stories that look stuck.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleEvent


def went_live_unannounced(now):
    """Public stories whose latest schedule or embargo event has no "went live" event after it."""
    last_planned = (
        ArticleEvent.objects.filter(article=OuterRef("pk"), action__in=["schedule", "embargo"])
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    announced = ArticleEvent.objects.filter(
        article=OuterRef("pk"), action="went_live", created_at__gte=OuterRef("last_planned")
    )
    return (
        Article.objects.published(now=now)
        .annotate(last_planned=Subquery(last_planned))
        .filter(last_planned__isnull=False)
        .filter(~Exists(announced))
    )


class Command(BaseCommand):
    help = "Announce scheduled stories that have gone live, and list overdue items."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only; change nothing.")

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        for article in went_live_unannounced(now):
            self.stdout.write(f"Went live: {article} ({article.published_at:%Y-%m-%d %H:%M})")
            if dry_run:
                continue
            workflow.announce_went_live(article)
        stale = now - timedelta(days=2)
        for status, label in [
            (Article.Status.APPROVED, "Approved but not published"),
            (Article.Status.IN_REVIEW, "In review"),
        ]:
            for article in Article.objects.filter(status=status, modified_at__lte=stale):
                self.stdout.write(self.style.WARNING(f"{label} for over two days: {article}"))
