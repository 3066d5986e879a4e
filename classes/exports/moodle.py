"""The gradebook as Moodle's grade import (Grades → Import → CSV file) reads it.

Moodle needs one column that identifies the user and one column per grade
item, numbers only. We give the email address, which every account has,
and the college's ID number as well when the roster brought one, so the
instructor can map whichever their Moodle trusts. Grades are percents,
0 to 100: a grade item that Moodle creates on import has a maximum of 100,
and a percent means the same whatever the item's maximum is. A blank cell
means not graded yet, and Moodle leaves that grade alone.
"""

from collections.abc import Iterable, Iterator

from classes.exports.cells import csv_chunks
from classes.gradebook import Gradebook, GradebookRow
from classes.models import Enrollment

# Moodle's import offers these as the names to map; they are not translated.
EMAIL = "email"
ID_NUMBER = "idnumber"


def moodle_chunks(*, gradebook: Gradebook, rows: Iterable[GradebookRow]) -> Iterator[bytes]:
    """The Moodle import file as UTF-8 bytes, without a byte order mark.

    No BOM, so the first column is named exactly "email". The idnumber
    column is there only when some student has an SIS user id: a column of
    blanks would only invite mapping it.
    """
    with_id_number = section_has_sis_user_ids(section=gradebook.section)
    return csv_chunks(_lines(gradebook, rows, with_id_number=with_id_number))


def section_has_sis_user_ids(*, section) -> bool:
    """Whether any active student of `section` has an SIS user id (one query)."""
    return (
        Enrollment.objects.filter(section=section, status=Enrollment.Status.ACTIVE)
        .exclude(sis_user_id="")
        .exists()
    )


def _lines(gradebook, rows, *, with_id_number):
    identifiers = [EMAIL, ID_NUMBER] if with_id_number else [EMAIL]
    yield [*identifiers, *(column.quiz.title for column in gradebook.quizzes)]
    for row in rows:
        ids = [row.email, row.sis_user_id] if with_id_number else [row.email]
        yield [*ids, *(cell.percent for cell in row.cells)]
