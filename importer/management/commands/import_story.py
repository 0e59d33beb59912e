from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from importer.importing import (
    default_decisions,
    default_quote_decisions,
    propose,
    save_import,
    text_from_upload,
)


class Command(BaseCommand):
    help = (
        "Propose the quotes and sources of a story file (.txt, .html, .docx). "
        "With --save, create a draft owned by --user with every proposal accepted."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--headline", help="Headline of the draft; defaults to the file name.")
        parser.add_argument(
            "--user",
            default="journalist",
            help="Owner of the draft (username); speakers are matched to the sources they may see.",
        )
        parser.add_argument("--save", action="store_true", help="Create the draft.")
        parser.add_argument(
            "--anonymous-reason",
            default="",
            help="Internal (confidential) reason for anonymity recorded for every anonymous source "
            "(required with --save when the story has any).",
        )
        parser.add_argument(
            "--public-reason",
            default="",
            help="What readers are told of why every anonymous source is not named, e.g. "
            "“spoke on condition of anonymity because they were not authorised to discuss the "
            "talks” (required with --save when the story has any).",
        )

    def handle(self, *args, path, headline, user, save, anonymous_reason, public_reason, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            owner = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named “{user}”.") from error
        try:
            proposal = propose(text_from_upload(file.name, file.read_bytes()), user=owner)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        self.stdout.write(
            f"Dateline {proposal.dateline or '(none)'}, {len(proposal.paragraphs)} paragraphs, "
            f"{len(proposal.speakers)} speakers, {len(proposal.quotes)} quotes."
        )
        for warning in proposal.warnings:
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))
        for speaker in proposal.speakers:
            match = f"existing: {speaker.existing}" if speaker.existing else "new"
            if speaker.is_new:
                match += f", to be named “{speaker.usual_name}”"
            self.stdout.write(f"  {speaker.key} {speaker.label} [{speaker.kind}] ({match})")
        if not save:
            self.stdout.write("Nothing saved (use --save to create the draft).")
            return

        decisions = default_decisions(proposal)
        for decision in decisions:
            decision.reason = anonymous_reason
            decision.public_reason = public_reason
        try:
            article = save_import(
                proposal,
                headline=headline or file.stem.replace("-", " ").capitalize(),
                speakers=decisions,
                quotes=default_quote_decisions(proposal),
                by=owner,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Draft #{article.pk} “{article.headline}” created with "
                f"{article.quotes.count()} quotes, owned by {owner.username}."
            )
        )
