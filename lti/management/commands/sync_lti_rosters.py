"""`python manage.py sync_lti_rosters [SECTION …]`: classes' rosters read from their LMS."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from classes.join_codes import normalise_code
from lti.launch.models import SectionLink
from lti.launch.rosters import RosterUnavailable, section_roster_sync


class Command(BaseCommand):
    help = (
        "Read the roster of each class taught inside an LMS course (or of the SECTIONs "
        "given, by id or join code) and enroll, bring back and drop students to match."
    )

    def add_arguments(self, parser):
        parser.add_argument("sections", nargs="*", metavar="SECTION")

    def handle(self, *args, sections, **options):
        links = SectionLink.objects.select_related("context", "section").order_by("section_id")
        if sections:
            wanted = Q()
            for value in sections:
                wanted |= Q(section__join_code=normalise_code(value))
                if value.isdigit():
                    wanted |= Q(section_id=int(value))
            links = links.filter(wanted)
            if not links:
                raise CommandError("None of those sections is taught inside an LMS course.")
        failed = 0
        for link in links:
            try:
                result = section_roster_sync(link=link)
            except RosterUnavailable as error:
                failed += 1
                self.stderr.write(f"{link.section}: {error}")
                continue
            self.stdout.write(
                f"{link.section}: {result.members} in the LMS; {result.enrolled} enrolled, "
                f"{result.brought_back} brought back, {result.dropped} dropped."
            )
        if failed:
            raise CommandError(f"{failed} roster(s) could not be read.")
