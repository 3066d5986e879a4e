"""What the term-by-term commands share: naming a section on the command line."""

from django.core.management.base import CommandError

from classes import join_codes
from classes.models import Section


def section_from_argument(value: str) -> Section:
    """The section `value` names, by its id or its join code (in any case, with or
    without the hyphen); a `CommandError` saying what was not found otherwise."""
    value = str(value).strip()
    query = Section.objects.select_related("course")
    section = query.filter(pk=int(value)).first() if value.isdigit() else None
    if section is None:  # a code can be all digits too
        section = query.filter(join_code=join_codes.normalise_code(value)).first()
    if section is None:
        raise CommandError(f'No section with the id or join code "{value}".')
    return section
