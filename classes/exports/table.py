"""Our own full gradebook, as a CSV file; the XLSX workbook shares its columns.

Unlike the LMS files, this one is for people: every number the gradebook
page shows, one row per student, one header row, so it sorts and filters
in any spreadsheet. Per quiz: percent, points, attempts used and whether
the counted attempt was late; then lessons completed and the course total.
"""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from classes.exports.cells import csv_chunks, number_text
from classes.gradebook import Gradebook, GradebookRow


def table_header(*, gradebook: Gradebook) -> list[str]:
    """Column names, in the language of the request or command."""
    columns = [_("Student"), _("Username"), _("Email"), _("SIS user ID"), _("SIS login ID")]
    for column in gradebook.quizzes:
        title = {"quiz": column.quiz.title, "points": number_text(column.points)}
        columns += [
            _("%(quiz)s (%%)") % title,
            _("%(quiz)s (points of %(points)s)") % title,
            _("%(quiz)s attempts") % title,
            _("%(quiz)s late") % title,
        ]
    return [*columns, _("Lessons completed"), _("Total (%)"), _("Total (points)")]


def table_values(*, row: GradebookRow) -> list:
    """One student's cells: text, numbers, None for blank, and True/False for late.

    Late is None, not False, before any submit: there is nothing to be late.
    """
    values = [row.sortable_name, row.username, row.email, row.sis_user_id, row.sis_login_id]
    for cell in row.cells:
        late = cell.late if cell.submitted else None
        values += [cell.percent, cell.points, cell.attempts, late]
    return [*values, row.lessons_done, row.total_percent, row.total_points]


def table_csv_chunks(*, gradebook: Gradebook, rows: Iterable[GradebookRow]) -> Iterator[bytes]:
    """The full gradebook as UTF-8 CSV bytes, starting with a byte order mark.

    The BOM is for Excel, which otherwise opens UTF-8 as the local code page
    and garbles accented, CJK and Arabic names; LibreOffice, Google Sheets
    and Python's csv module (with `utf-8-sig`) read it fine. The LMS files
    have none, because importers would take it as part of a column name.
    """
    yes, no = _("yes"), _("no")

    def lines():
        yield table_header(gradebook=gradebook)
        for row in rows:
            values = table_values(row=row)
            yield [
                (yes if value else no) if isinstance(value, bool) else value for value in values
            ]

    return csv_chunks(lines(), bom=True)
