"""Score the extractor on the shared Islamabad story (when present) and importer/evalset/."""

from django.core.management.base import BaseCommand

from importer.evaluation import evaluate, format_table


class Command(BaseCommand):
    help = "Score quote extraction against the gold annotations and print a table."

    def add_arguments(self, parser):
        parser.add_argument(
            "--misses", action="store_true", help="Also list the missed and extra quotes."
        )

    def handle(self, *args, **options):
        scores = evaluate()
        if options["misses"]:
            for score in scores:
                if score.misses:
                    self.stdout.write(score.name)
                    self.stdout.write("\n".join(score.misses))
            self.stdout.write("")
        self.stdout.write(format_table(scores))
