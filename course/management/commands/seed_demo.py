"""`python manage.py seed_demo`: demo accounts for trying the site locally."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from course.demo import demo_accounts_seed


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts. Development only: refuses when DEBUG is off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with published passwords: DEBUG is off."
            )
        accounts = demo_accounts_seed()
        self.stdout.write(
            "Demo accounts (sign in at /accounts/login/; the professor and the admin also "
            "reach /admin/):"
        )
        for account in accounts:
            self.stdout.write(f"  {account.role:<28} {account.username:<12} {account.password}")
