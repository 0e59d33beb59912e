from django.core.management.base import BaseCommand, CommandError

from articles.seeding import ArchiveSeeder, Progress


class Command(BaseCommand):
    help = (
        "Add a generated archive of N stories, with quotes, people, topics and authors, for "
        "benchmarks. Adds to what exists; never for production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many stories to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch", type=int, default=2000, help="Rows per bulk insert.")
        parser.add_argument(
            "--prefix", default=None, help="Slug prefix for this run's stories and people."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, articles, seed, batch, prefix, no_progress, **options):
        if articles < 1 or batch < 1:
            raise CommandError("--articles and --batch must be positive.")
        seeder = ArchiveSeeder(seed=seed, batch=batch, prefix=prefix)
        progress = None if no_progress else Progress(articles, stream=self.stderr._out)
        report = seeder.run(articles, progress=progress)
        self.stdout.write(
            f"Added {report.articles} stories, {report.quotes} quotes, {report.people} people and "
            f"{report.anonymous} anonymous attributions in {report.seconds:.1f}s "
            f"(slug prefix {seeder.prefix})."
        )
