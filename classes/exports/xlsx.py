"""The gradebook as an Excel workbook: the full table, then the item analysis.

Written with XlsxWriter in its constant-memory mode, which flushes each row
to a temporary file as soon as the next begins, so a class of thousands
never sits in memory as a workbook. Every cell is written with the call for
its type: numbers as numbers, so they sum and sort; text with
`write_string`, because XlsxWriter's plain `write` would turn a student
named "=HYPERLINK(...)" into a live formula. Text is made safe by
`course.cells.safe_text` as in the CSV files, so the workbook stays inert even
after someone saves it again as CSV.
"""

import tempfile
from collections.abc import Iterable, Iterator

import xlsxwriter
from django.utils.translation import gettext as _

from classes.analysis import QuizAnalysis, section_item_analysis
from classes.exports.table import table_header, table_values
from classes.gradebook import Gradebook, GradebookRow
from course.cells import safe_text

CHUNK_BYTES = 64 * 1024
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Belt and braces: every cell is written with an explicit type anyway.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
SHEET_NAME_LENGTH = 31  # Excel's limit


def xlsx_chunks(*, gradebook: Gradebook, rows: Iterable[GradebookRow]) -> Iterator[bytes]:
    """The workbook as bytes, read back in chunks from a temporary file.

    A zip file is only complete once it is closed, so the workbook is built
    on disk first and then streamed; the temporary file is gone as soon as
    the last chunk is read, or the download is abandoned.
    """
    with tempfile.TemporaryFile() as file:
        workbook = xlsxwriter.Workbook(file, WORKBOOK_OPTIONS)
        styles = {
            "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
            "share": workbook.add_format({"num_format": "0.0%"}),
            "index": workbook.add_format({"num_format": "0.00"}),
        }
        _gradebook_sheet(workbook, styles, gradebook, rows)
        analyses = section_item_analysis(
            section=gradebook.section, quizzes=[column.quiz for column in gradebook.quizzes]
        )
        _analysis_sheet(workbook, styles, analyses)
        workbook.close()
        file.seek(0)
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


def _gradebook_sheet(workbook, styles, gradebook, rows):
    sheet = workbook.add_worksheet(_("Gradebook")[:SHEET_NAME_LENGTH])
    header = table_header(gradebook=gradebook)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 4, 18)
    sheet.set_column(5, len(header) - 1, 12)
    _write_row(sheet, 0, header, styles["header"])
    for number, row in enumerate(rows, start=1):
        _write_row(sheet, number, table_values(row=row))


def _analysis_sheet(workbook, styles, analyses: list[QuizAnalysis]):
    """One row per answer option, each carrying its question's figures.

    A long table rather than a row per question, because questions have
    different numbers of options; it filters and pivots by quiz or question.
    Shares are fractions shown as percents; discrimination runs from -1 to 1.
    """
    sheet = workbook.add_worksheet(_("Item analysis")[:SHEET_NAME_LENGTH])
    header = [
        _("Quiz"),
        _("Students analysed"),
        _("Question"),
        _("Prompt"),
        _("Type"),
        _("Shown to"),
        _("Answered"),
        _("Correct"),
        _("Discrimination"),
        _("Answer"),
        _("Chosen by"),
        _("Share"),
        _("Right answer"),
    ]
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 24)
    sheet.set_column(3, 3, 48)
    sheet.set_column(9, 9, 32)
    _write_row(sheet, 0, header, styles["header"])
    column_styles = {7: styles["share"], 8: styles["index"], 11: styles["share"]}
    number = 0
    for analysis in analyses:
        for question in analysis.questions:
            figures = [
                analysis.quiz.title,
                analysis.students,
                question.position,
                question.prompt,
                question.type.replace("_", " "),
                question.shown,
                question.answered,
                question.correct_share,
                question.discrimination,
            ]
            for option in question.options or [None]:
                number += 1
                answer = (
                    [option.label, option.count, option.share, option.correct] if option else []
                )
                for col, value in enumerate([*figures, *answer]):
                    _write(sheet, number, col, value, column_styles.get(col))


def _write_row(sheet, number, values, style=None):
    for col, value in enumerate(values):
        _write(sheet, number, col, value, style)


def _write(sheet, row, col, value, style=None):
    """One cell, written with the call for its type; None leaves it blank."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, style)
    else:
        sheet.write_string(row, col, safe_text(str(value)), style)
