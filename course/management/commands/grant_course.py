"""`python manage.py grant_course`: who teaches and who writes a course.

    grant_course ada@example.edu --course not-if-when --role professor
    grant_course ada@example.edu --course not-if-when --role professor --revoke
    grant_course maya@example.edu --course not-if-when --role reviewer
    grant_course --course not-if-when --review on

The rules live in `course.roles` and `course.workflows`; this only finds
the user and the course and reports what changed.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from course.models import CoursePage
from course.roles import Role, RoleError, course_grant, course_revoke
from course.workflows import course_review_disable, course_review_enable


class Command(BaseCommand):
    help = (
        "Grant (or with --revoke, take away) the professor, reviewer or instructor role on a "
        "course; or with --review on|off, turn Review before publish on or off for it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="The user's email address.")
        parser.add_argument("--course", required=True, help="The course's slug.")
        parser.add_argument("--role", choices=[role.value for role in Role])
        parser.add_argument("--revoke", action="store_true", help="Take the role away.")
        parser.add_argument(
            "--review",
            choices=["on", "off"],
            help="Changes go live only once a reviewer of the course approves them.",
        )

    def handle(self, *args, email, course, role, revoke, review, **options):
        course_page = CoursePage.objects.filter(slug=course).first()
        if course_page is None:
            raise CommandError(f'No course with the slug "{course}".')
        if review:
            self._review(course_page, on=review == "on")
        if email is None:
            if review is None:
                raise CommandError("Give a user's email and --role, or --review on|off.")
            return
        if role is None:
            raise CommandError("Give --role professor, reviewer or instructor.")
        user = self._user(email)
        try:
            if revoke:
                changed = course_revoke(user=user, course=course_page, role=role)
                done = "is no longer" if changed else "was not"
            else:
                changed = course_grant(user=user, course=course_page, role=role)
                done = "is now" if changed else "was already"
        except RoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user.email} {done} {role} of “{course_page.title}”.")

    def _user(self, email):
        users = list(get_user_model().objects.filter(email__iexact=email)[:2])
        if not users:
            raise CommandError(f"No user with the email {email}.")
        if len(users) > 1:
            raise CommandError(f"More than one user has the email {email}; fix that first.")
        return users[0]

    def _review(self, course_page, *, on):
        if on:
            workflow = course_review_enable(course=course_page)
            self.stdout.write(
                f"“{course_page.title}” is under “{workflow.name}”: its professors submit "
                "changes, and a reviewer of the course (--role reviewer) or an admin "
                "approves them."
            )
        else:
            course_review_disable(course=course_page)
            self.stdout.write(
                f"“{course_page.title}” is no longer under review: "
                "its professors publish directly."
            )
