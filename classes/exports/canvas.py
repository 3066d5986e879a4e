"""The gradebook as Canvas's gradebook import reads it.

Canvas imports the same layout its own gradebook export writes: five
columns naming the student, then one column per assignment, then a second
row, "    Points Possible" (four spaces and all), giving each assignment's
maximum. Canvas matches a row to a student by SIS User ID, then SIS Login
ID, then name; the ID column is Canvas's own user id, which we cannot know,
so it stays blank. A column whose title is not an assignment yet becomes a
new assignment, or the instructor picks the existing one when importing.
Grades are points, so they mean the same as in Canvas; blank means not
graded yet (a zero would be a grade).
"""

from collections.abc import Iterable, Iterator

from classes.exports.cells import csv_chunks
from classes.gradebook import Gradebook, GradebookRow

# Canvas reads these exact (English) names; they are not translated.
HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"


def canvas_chunks(*, gradebook: Gradebook, rows: Iterable[GradebookRow]) -> Iterator[bytes]:
    """The Canvas import file as UTF-8 bytes, without a byte order mark.

    No BOM: Canvas, and Python's csv module, would read it as part of the
    first column's name, and "Student" must match exactly.
    """
    return csv_chunks(_lines(gradebook, rows))


def _lines(gradebook, rows):
    yield [*HEADER, *(column.quiz.title for column in gradebook.quizzes)]
    yield [POINTS_POSSIBLE, "", "", "", "", *(column.points for column in gradebook.quizzes)]
    section = gradebook.section.name
    for row in rows:
        yield [
            row.sortable_name,
            "",
            row.sis_user_id,
            row.sis_login_id,
            section,
            *(cell.points for cell in row.cells),
        ]
