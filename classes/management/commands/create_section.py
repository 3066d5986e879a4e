"""`python manage.py create_section`: a new class for a term, and its join code."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from classes.services import section_create
from course.models import CoursePage


class Command(BaseCommand):
    help = "Create a section (a class in a term) of a course and print its join code."

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="The course page's slug.")
        parser.add_argument("--name", required=True, help='e.g. "CAREER 101 — Spring 2027 — 02".')
        parser.add_argument("--term", required=True, help='e.g. "Spring 2027".')
        parser.add_argument(
            "--instructor",
            action="append",
            default=[],
            metavar="EMAIL",
            help="An instructor's account email; repeat for several.",
        )

    def handle(self, *args, course, name, term, instructor, **options):
        courses = list(CoursePage.objects.filter(slug=course)[:2])
        if not courses:
            raise CommandError(f'No course with the slug "{course}".')
        if len(courses) > 1:
            raise CommandError(f'More than one course has the slug "{course}".')
        instructors = [self._user(email) for email in instructor]
        section = section_create(course=courses[0], name=name, term=term, instructors=instructors)
        self.stdout.write(f"Created {section} (id {section.pk}).")
        self.stdout.write(f"Join code: {section.join_code_display}")
        self.stdout.write(f"Link to share: /join/{section.join_code_display}/")

    def _user(self, email):
        users = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if not users:
            raise CommandError(f"No account with the email {email}.")
        if len(users) > 1:
            raise CommandError(f"More than one account has the email {email}.")
        return users[0]
