"""Spreadsheet cells that are safe to open, and the CSV writer that uses them.

A gradebook carries text students typed themselves (their names) and text
professors typed (quiz titles). A spreadsheet program treats a cell that
starts with `=`, `+`, `-` or `@` as a formula, so a name like
`=HYPERLINK(...)` would run when an instructor opens the file; the rule
that quotes such text is `course.cells.safe_text`. Numbers are never
changed: `-3` is a number, not a formula, and an LMS import must read it
as one. Every export writes its
cells through this module, so there is one place to get this right.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from course.cells import safe_text

BOM = "\ufeff"
LINES_PER_CHUNK = 500  # CSV lines encoded and handed on at a time while streaming


def number_text(value: int | float) -> str:
    """A number as CSV text: at most four decimals, no trailing zeros (`2`, `66.6667`).

    Grades are computed to four decimals; more would only be float noise.
    """
    if isinstance(value, int):
        return str(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def csv_cell(value) -> str:
    """One value as CSV text: blank for None, numbers as they are, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("Say what a yes/no value means in words before writing it.")
    if isinstance(value, int | float):
        return number_text(value)
    return safe_text(str(value))


def csv_chunks(lines: Iterable[Iterable], *, bom: bool = False) -> Iterator[bytes]:
    """Write `lines` (lists of values) as UTF-8 CSV, yielding bytes a few hundred lines at a time.

    Every value goes through `csv_cell`, so no caller can forget to make a
    cell safe. The file is never whole in memory, however many lines come.
    `bom` starts the file with a byte order mark, which Excel needs to read
    UTF-8 accents correctly but which LMS importers would take as part of
    the first column's name.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write(BOM)
    for count, line in enumerate(lines, start=1):
        writer.writerow([csv_cell(value) for value in line])
        if count % LINES_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")
