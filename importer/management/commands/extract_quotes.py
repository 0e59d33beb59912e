"""Print the quotes and sources of a story: ``manage.py extract_quotes PATH [--json]``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer.extraction import MAX_STORY_CHARS, ExtractionError, extract

# UTF-8 needs at most four bytes a character; anything larger cannot be within the limit.
MAX_STORY_BYTES = MAX_STORY_CHARS * 4


def read_story(path: Path) -> str:
    """Read a story file as UTF-8 (a byte-order mark is allowed), or raise CommandError."""
    if not path.exists():
        raise CommandError(f"{path}: no such file.")
    if not path.is_file():
        raise CommandError(f"{path}: not a regular file.")
    size = path.stat().st_size
    if size == 0:
        raise CommandError(f"{path}: the file is empty.")
    if size > MAX_STORY_BYTES:
        raise CommandError(
            f"{path}: the file is {size:,} bytes; a story may have at most "
            f"{MAX_STORY_CHARS:,} characters."
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise CommandError(f"{path}: the file contains NUL bytes; it looks binary, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path}: not valid UTF-8 (invalid byte 0x{data[error.start]:02x} "
            f"at byte offset {error.start})."
        ) from error


class Command(BaseCommand):
    help = "Extract quotes and their speakers from a plain-text story."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A UTF-8 plain-text story file.")
        parser.add_argument(
            "--json", action="store_true", help="Print the extraction as one JSON object."
        )

    def handle(self, *args, **options):
        path: Path = options["path"]
        text = read_story(path)
        try:
            extraction = extract(text)
        except ExtractionError as error:
            raise CommandError(f"{path}: {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(extraction.to_json_dict(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"Dateline: {extraction.dateline or '(none)'}; "
            f"{extraction.paragraphs} paragraphs, {len(extraction.speakers)} speakers, "
            f"{len(extraction.quotes)} quotes."
        )
        self.stdout.write("\nSpeakers:")
        for speaker in extraction.speakers:
            label = speaker.name or speaker.anonymous_description or speaker.organisation
            details = ", ".join(
                part for part in (speaker.title, speaker.organisation) if part and part != label
            )
            suffix = f" ({details})" if details else ""
            self.stdout.write(f"  {speaker.key}  {label}{suffix} [{speaker.kind}]")
        self.stdout.write("\nQuotes:")
        paragraph = None
        for quote in extraction.quotes:
            if quote.paragraph != paragraph:
                paragraph = quote.paragraph
                self.stdout.write(f"  Paragraph {paragraph + 1}:")  # counted from 1 for people
            kind = "direct  " if quote.direct else "reported"
            self.stdout.write(f"    {quote.speaker:<4} {kind} {quote.text}")
        for warning in extraction.warnings:
            self.stderr.write(f"Warning: {warning}")
