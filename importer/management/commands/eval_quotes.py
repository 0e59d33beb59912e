"""Score the extractor on real stories: ``manage.py eval_quotes [--stories DIR]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer.evaluation import (
    MissingData,
    benchmark,
    dev_paths,
    evaluate,
    format_table,
    islamabad_score,
    story_paths,
)


class Command(BaseCommand):
    help = (
        "Score quote extraction on shared/quotes/dev/ (or on --stories DIR) with "
        "shared/quotes/score.py, per story and in total, beside the Islamabad story, and time a "
        "20,000-word story."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stories",
            type=Path,
            metavar="DIR",
            help=(
                "Score another folder of annotated stories in the dev set's layout "
                "(NAME.txt beside its NAME.json gold annotation) instead of the dev set."
            ),
        )

    def handle(self, *args, **options):
        directory: Path | None = options["stories"]
        try:
            if directory is None:
                scores, label = evaluate(dev_paths()), "dev set"
            else:
                scores = evaluate(story_paths(directory))
                label = (directory.resolve().name or str(directory))[:24]
            islamabad = islamabad_score()
            words, seconds = benchmark()
        except MissingData as error:
            raise CommandError(str(error)) from error
        self.stdout.write(format_table(scores, islamabad, label))
        self.stdout.write(
            f"\nBenchmark: a {words:,}-word story of real copy extracted in {seconds:.2f} s "
            f"(best of 3; the aim is under 1 s)."
        )
