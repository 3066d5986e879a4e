"""`python manage.py export_gift (--quiz ID|SLUG | --category ID|NAME) [-o FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.gift.importing import category_export, quiz_export
from quizzes.models import QuestionCategory, QuizPage


class Command(BaseCommand):
    help = "Write a quiz's questions, or a question-bank category's, as Moodle GIFT."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--quiz", help="The quiz's page id or slug.")
        which.add_argument("--category", help="The category's id or name.")
        parser.add_argument("-o", "--output", help="Write to this file instead of the output.")

    def handle(self, *args, quiz, category, output, **options):
        text = (
            quiz_export(quiz=_quiz(quiz))
            if quiz
            else category_export(category=_category(category))
        )
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")


def _quiz(key):
    found = list(
        QuizPage.objects.filter(**({"pk": int(key)} if key.isdigit() else {"slug": key}))[:2]
    )
    if len(found) != 1:
        raise CommandError(f"No single quiz {key!r}: use the page id.")
    return found[0].get_latest_revision_as_object()


def _category(key):
    rows = QuestionCategory.objects.filter(
        **({"pk": int(key)} if key.isdigit() else {"name": key})
    )
    found = list(rows[:2])
    if len(found) != 1:
        raise CommandError(f"No single category {key!r}: use its id.")
    return found[0]
