"""`python manage.py import_gift <course-slug> <file>`: a GIFT file into a question bank."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from course.models import CoursePage
from quizzes.gift.importing import GiftImportRefused, gift_import


class Command(BaseCommand):
    help = (
        "Import the questions of a Moodle GIFT file into a course's question bank, "
        "listing skipped questions, errors and warnings with their line numbers. "
        "Nothing is written with --dry-run, or when the file has errors unless "
        "--skip-errors is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("course", help="The course page's slug.")
        parser.add_argument("file", help="The GIFT file (UTF-8).")
        parser.add_argument("--category", help="Put every question in this category.")
        parser.add_argument("--quiz", help="Also make a draft quiz with this title.")
        parser.add_argument(
            "--skip-errors", action="store_true", help="Import the questions that can be read."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would happen.")

    def handle(self, *args, course, file, category, quiz, skip_errors, dry_run, **options):
        page = CoursePage.objects.filter(slug=course).first()
        if page is None:
            raise CommandError(f"No course with the slug {course!r}.")
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            report = gift_import(
                course=page,
                text=text,
                category=category,
                into_quiz_title=quiz,
                skip_errors=skip_errors,
                dry_run=dry_run,
            )
        except GiftImportRefused as refused:
            self._print(refused.report)
            raise CommandError(
                f"{len(refused.report.errors)} error(s); nothing imported. "
                "Fix them or use --skip-errors."
            ) from None
        self._print(report)
        verb = "imported" if report.written else "would import"
        self.stdout.write(
            f"{len(report.questions)} question(s) {verb} into "
            f"{', '.join(report.categories) or 'no category'}; "
            f"{len(report.skipped)} skipped."
        )
        if report.quiz is not None:
            self.stdout.write(f"Draft quiz {report.quiz.title!r} (page {report.quiz.pk}).")

    def _print(self, report):
        for question in report.questions:
            self.stdout.write(f"line {question.line}: {question.block_type}: {question.title}")
        for skipped in report.skipped:
            self.stdout.write(f"line {skipped.line}: skipped {skipped.kind}: {skipped.reason}")
        for error in report.errors:
            self.stderr.write(f"line {error.line}: error: {error.message}")
        for warning in report.warnings:
            self.stdout.write(f"line {warning.line}: warning: {warning.message}")
