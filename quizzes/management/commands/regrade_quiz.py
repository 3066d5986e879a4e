"""`python manage.py regrade_quiz <quiz> [--dry-run]`: regrade after a key fix."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import QuizPage
from quizzes.regrading import quiz_regrade


class Command(BaseCommand):
    help = (
        "Regrade every submitted attempt at a quiz against its published answer key, "
        "printing old and new scores. With --dry-run, print only."
    )

    def add_arguments(self, parser):
        parser.add_argument("quiz", help="The quiz's page id or slug.")
        parser.add_argument("--dry-run", action="store_true", help="Show changes; save nothing.")

    def handle(self, *args, quiz, dry_run, **options):
        lookup = {"pk": int(quiz)} if quiz.isdigit() else {"slug": quiz}
        try:
            page = QuizPage.objects.live().get(**lookup)
        except QuizPage.DoesNotExist:
            raise CommandError(f"No published quiz {quiz!r}.") from None
        except QuizPage.MultipleObjectsReturned:
            raise CommandError(
                f"Several quizzes have the slug {quiz!r}: use the page id."
            ) from None
        results = quiz_regrade(quiz=page, dry_run=dry_run)
        for result in results:
            attempt = result.attempt
            mark = "" if result.old_percent == result.new_percent else "  changed"
            self.stdout.write(
                f"{attempt.student} attempt {attempt.number}: "
                f"{result.old_percent:.1f}% → {result.new_percent:.1f}%{mark}"
            )
            if result.skipped_questions:
                self.stdout.write(
                    f"  {result.skipped_questions} question(s) kept their old key: "
                    "their choices changed since the attempt."
                )
        changed = sum(r.old_percent != r.new_percent for r in results)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{len(results)} attempts regraded; {changed} {verb}.")
