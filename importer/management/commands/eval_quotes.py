"""Score the extractor on the shared dev set of real stories: ``manage.py eval_quotes``."""

from django.core.management.base import BaseCommand, CommandError

from importer.evaluation import (
    MissingData,
    benchmark,
    dev_paths,
    evaluate,
    format_table,
    islamabad_score,
)


class Command(BaseCommand):
    help = (
        "Score quote extraction on shared/quotes/dev/ with shared/quotes/score.py, per story and "
        "in total, beside the Islamabad story, and time a 20,000-word story."
    )

    def handle(self, *args, **options):
        try:
            scores = evaluate(dev_paths())
            islamabad = islamabad_score()
            words, seconds = benchmark()
        except MissingData as error:
            raise CommandError(str(error)) from error
        self.stdout.write(format_table(scores, islamabad))
        self.stdout.write(
            f"\nBenchmark: a {words:,}-word story of real copy extracted in {seconds:.2f} s "
            f"(best of 3; the aim is under 1 s)."
        )
