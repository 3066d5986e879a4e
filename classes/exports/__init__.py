"""Grade exports: one section's gradebook as a file for an LMS or a spreadsheet.

Every format reads the same `section_gradebook`, so a grade is the same
number in every file and on the gradebook page. Files are produced as a
stream of bytes chunks, read from the database as they are written, so
the download view (a `StreamingHttpResponse`) and `manage.py export_grades`
never hold a large class in memory. Each format lives in its own module;
`cells` is where every cell is made safe to open in a spreadsheet.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from classes.exports.canvas import canvas_chunks
from classes.exports.moodle import moodle_chunks
from classes.exports.table import table_csv_chunks
from classes.exports.xlsx import xlsx_chunks
from classes.gradebook import GradebookRow, section_gradebook

# The most queries any export runs, whatever the number of students, quizzes
# or attempts, given a section whose course is loaded with it: eight for the
# gradebook (its setup, one per page type, its two streams), one more for
# Moodle's idnumber column, three more for the workbook's item analysis.
EXPORT_QUERY_BUDGET = 11

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILENAME_BASE_LENGTH = 80  # characters of the section's slug kept in a file name


@dataclass(frozen=True)
class ExportFormat:
    """A file an instructor can download: what to call it and how to write it."""

    name: str  # as the command's --format and the download URL spell it
    label: Promise | str  # for people choosing a format
    extension: str
    content_type: str
    write: Callable[..., Iterator[bytes]] = field(repr=False, compare=False)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    export.name: export
    for export in (
        ExportFormat("canvas", _("Canvas gradebook import (CSV)"), "csv", CSV_TYPE, canvas_chunks),
        ExportFormat("moodle", _("Moodle grade import (CSV)"), "csv", CSV_TYPE, moodle_chunks),
        ExportFormat("csv", _("Full gradebook (CSV)"), "csv", CSV_TYPE, table_csv_chunks),
        ExportFormat("xlsx", _("Full gradebook (Excel workbook)"), "xlsx", XLSX_TYPE, xlsx_chunks),
    )
}

Progress = Callable[..., Iterable[GradebookRow]]


def export_format(name: str) -> ExportFormat:
    """The format called `name`; a ValueError listing the known ones otherwise."""
    try:
        return EXPORT_FORMATS[name]
    except KeyError:
        known = ", ".join(EXPORT_FORMATS)
        raise ValueError(f'Unknown export format "{name}" (known: {known}).') from None


def export_filename(*, section, format: str) -> str:
    """A download's file name, e.g. `career-101-spring-2027-02-canvas-2026-11-29.csv`.

    ASCII only, so it survives every browser, mail client and LMS upload
    form; it names the section and term (so two terms' files never collide),
    the format and today's date. A section whose name has no Latin letters
    or digits falls back to its id.
    """
    export = export_format(format)
    base = slugify(str(section))[:FILENAME_BASE_LENGTH].strip("-") or f"section-{section.pk}"
    return f"{base}-{export.name}-{timezone.localdate():%Y-%m-%d}.{export.extension}"


def export_chunks(*, section, format: str, progress: Progress | None = None) -> Iterator[bytes]:
    """The export of `section` in `format`, as bytes chunks to send or write in order.

    The gradebook's columns are read now, so a failure comes before the
    first byte; rows are read as the chunks are consumed. `progress`, if
    given, is called as `progress(rows, total=student_count)` and must
    return the rows it was given (the command passes a tqdm bar). The query
    count is at most `EXPORT_QUERY_BUDGET`, for a class of 5 or 5,000.
    """
    export = export_format(format)
    gradebook = section_gradebook(section=section)
    rows = gradebook.rows()
    if progress is not None:
        rows = progress(rows, total=gradebook.student_count)
    return export.write(gradebook=gradebook, rows=rows)
