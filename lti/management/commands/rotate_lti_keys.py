"""`python manage.py rotate_lti_keys`: a new signing key, and the old ones retired in time."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from lti.launch.keys import DEFAULT_OVERLAP, keys_rotate


class Command(BaseCommand):
    help = (
        "Create a new LTI signing key (it signs from now on) and retire the keys it "
        "replaced more than --overlap-days ago; until then they stay in the key set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overlap-days",
            type=float,
            default=DEFAULT_OVERLAP.days,
            help=(
                "How long a replaced key stays in the key set (default: "
                f"{DEFAULT_OVERLAP.days}): longer than platforms keep our key set "
                "and than anything we sign lives."
            ),
        )

    def handle(self, *args, overlap_days, **options):
        if overlap_days < 0:
            raise CommandError("--overlap-days cannot be negative.")
        rotation = keys_rotate(overlap=timedelta(days=overlap_days))
        self.stdout.write(f"New signing key {rotation.created}.")
        for key in rotation.kept:
            self.stdout.write(f"Kept in the key set for the overlap: {key}.")
        for key in rotation.retired:
            self.stdout.write(f"Retired: {key}.")
