"""`python manage.py seed_demo`: demo accounts for trying the site locally."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from course.demo import demo_accounts_seed, demo_section_seed


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts. Development only: refuses when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with published passwords: DEBUG is off."
            )
        accounts = demo_accounts_seed()
        section = demo_section_seed()
        self.stdout.write(
            "Demo accounts (sign in at /accounts/login/; all but the student also reach /admin/):"
        )
        for account in accounts:
            self.stdout.write(f"  {account.role:<28} {account.username:<12} {account.password}")
        if section is None:
            self.stdout.write("No demo class: load the bundled course first (load_course).")
        else:
            self.stdout.write(
                f"Demo class: {section} — join code {section.join_code_display} "
                f"(link: /join/{section.join_code_display}/); the instructor teaches it, "
                "and the student is in it with a dozen classmates."
            )
