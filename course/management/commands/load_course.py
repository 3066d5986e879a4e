"""`python manage.py load_course`: put the bundled course on the site."""

from django.core.management.base import BaseCommand, CommandError

from course.bundled import CONTENT_DIR, ContentError
from course.services import Outcome, course_load


class Command(BaseCommand):
    help = (
        "Create or update the bundled course from course/content/. Safe to run again: "
        "unchanged files change nothing, and pages edited in the admin are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(CONTENT_DIR / "not-if-when"),
            help="A course folder (default: the bundled course).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace pages edited in the admin with the files' version.",
        )

    def handle(self, *args, folder, force, **options):
        try:
            report = course_load(folder=folder, force=force)
        except ContentError as error:
            raise CommandError(str(error)) from error
        for page in report:
            style = self.style.WARNING if page.outcome is Outcome.KEPT else self.style.SUCCESS
            self.stdout.write(f"{page.source}: {style(page.outcome.value)} — {page.title}")
        changed = sum(page.outcome in (Outcome.CREATED, Outcome.UPDATED) for page in report)
        self.stdout.write(f"{changed} of {len(report)} pages written.")
