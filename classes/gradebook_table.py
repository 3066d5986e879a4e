"""The gradebook page's rows, worded and linked in Python before the template runs.

A page of the gradebook shows 100 students against every quiz. Formatting
each cell with template tags (a number filter, a plural, a reversed URL per
row) cost several times more than reading the grades, so the words and
links are made here, once per cell, with the same translations and number
formats the tags would use, and the template only places them.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import ngettext

from classes.gradebook import GradebookRow


@dataclass(frozen=True)
class CellText:
    """One student's grade at one quiz, as the page words it."""

    grade: str  # "85%", or "" before anything is submitted
    attempts: str  # "2 attempts", or "" before any attempt
    late: bool


@dataclass(frozen=True)
class RowText:
    """One student's line of the gradebook page."""

    name: str
    record_url: str
    sis_user_id: str
    cells: tuple[CellText, ...]
    lessons_done: int
    total: str  # "87.5%", or "" when the course has no quiz points


def gradebook_table(*, section, rows: list[GradebookRow]) -> list[RowText]:
    """`rows` of `section`'s gradebook as the page shows them, in the same order."""
    # The student record's address differs between rows only in the enrollment id.
    marker = 999_999_999
    before, after = reverse("classes_section:student", args=[section.pk, marker]).split(
        str(marker)
    )
    words = _Words()
    return [
        RowText(
            name=row.sortable_name,
            record_url=f"{before}{row.enrollment_id}{after}",
            sis_user_id=row.sis_user_id,
            cells=tuple(
                CellText(
                    grade=words.percent(cell.percent, 0),
                    attempts=words.attempts(cell.attempts),
                    late=cell.late,
                )
                for cell in row.cells
            ),
            lessons_done=row.lessons_done,
            total=words.percent(row.total_percent, 1),
        )
        for row in rows
    ]


class _Words:
    """Numbers and counts in the active language, each wording made once per page."""

    def __init__(self):
        self.decimal_separator = get_format("DECIMAL_SEPARATOR")
        self._attempts = {0: ""}

    def attempts(self, count: int) -> str:
        if count not in self._attempts:
            self._attempts[count] = ngettext("%(count)d attempt", "%(count)d attempts", count) % {
                "count": count
            }
        return self._attempts[count]

    def percent(self, value: float | None, places: int) -> str:
        """`value` with `places` decimals and a percent sign, rounded half up
        as the `floatformat` filter rounds ("" for no value)."""
        if value is None:
            return ""
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return f"{rounded:.{places}f}".replace(".", self.decimal_separator) + "%"
