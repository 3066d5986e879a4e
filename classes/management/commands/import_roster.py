"""`python manage.py import_roster`: a section's students from the college's CSV."""

import functools
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from classes.cli import section_from_argument
from classes.rosters import (
    MAX_BYTES,
    RosterAction,
    RosterError,
    roster_import,
    roster_plan,
    roster_read,
)

PROGRESS_FROM = 1000  # lines; smaller files are read before a bar could show


class Command(BaseCommand):
    help = (
        "Enroll a section's students from a roster CSV (email, first name, last name, "
        "SIS user id, SIS login id). Students without an account are enrolled when they "
        "sign up with that email. A file with any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("section", help="The section's id or join code.")
        parser.add_argument("file", type=Path, help="The roster, a CSV file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, section, file, dry_run, **options):
        section = section_from_argument(section)
        try:
            with file.open("rb") as roster_file:
                data = roster_file.read(MAX_BYTES + 1)  # enough to know it is too big
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        progress = self._progress(data)
        roster = roster_read(data, progress=progress(desc="Reading"))
        if not roster.is_valid:
            raise self._refused(RosterError(roster.messages))
        if dry_run:
            plan = roster_plan(section=section, roster=roster, progress=progress(desc="Planning"))
        else:
            try:
                plan = roster_import(section=section, roster=roster)
            except RosterError as refused:
                raise self._refused(refused) from None
        if not plan.is_valid:
            raise self._refused(RosterError(plan.messages))
        if dry_run:
            heading = f"Dry run, nothing changed. Importing {len(plan.rows)} students into"
            self.stdout.write(f"{heading} {section} would:")
        else:
            self.stdout.write(f"Imported {len(plan.rows)} students into {section}:")
        for action in RosterAction:
            self.stdout.write(f"  {action.label}: {plan.counts[action.value]}")

    def _progress(self, data: bytes):
        """A tqdm bar over rows on stderr for big files in a terminal, else nothing."""
        lines = data.count(b"\n")
        if lines < PROGRESS_FROM:
            return lambda desc: None
        return lambda desc: functools.partial(
            tqdm, desc=desc, total=lines, unit="rows", file=sys.stderr, disable=None, leave=False
        )

    def _refused(self, refused: RosterError) -> CommandError:
        return CommandError("\n".join([str(refused), *refused.messages]))
