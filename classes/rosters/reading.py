"""Reading a roster file: whatever a spreadsheet saved, into rows and their errors."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from classes.models import PendingEnrollment

MAX_BYTES = 2 * 1024 * 1024  # a class of 10,000 with long names fits in well under this
MAX_ROWS = 10_000
DELIMITERS = ",;\t"
NAME = "name"  # one "Last, First" column, as Canvas exports it

# Headers as people write them, compared after `_normalise()`.
HEADERS = {
    "email": ("email", "emailaddress", "mail", "studentemail", "emailid", "courriel"),
    "first_name": ("first", "firstname", "givenname", "givennames", "forename", "prénom"),
    "last_name": ("last", "lastname", "surname", "familyname", "nom"),
    "sis_user_id": ("sisuserid", "sisid", "studentid", "studentnumber", "idnumber"),
    "sis_login_id": ("sisloginid", "login", "loginid", "username", "netid"),
    NAME: ("student", "studentname", "name", "fullname", "sortablename"),
}
HEADER_FIELD = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (a zip) and the older .xls

Progress = Callable[[Iterable], Iterable]  # e.g. a tqdm bar wrapping the rows


@dataclass(frozen=True)
class RosterRow:
    """One student as the file gives them; `line` is the row number a
    spreadsheet shows (the header is line 1)."""

    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RosterFile:
    """What a roster file says, with everything wrong in it.

    `errors` are about the whole file (nothing could be read); each row
    carries its own. `columns` maps our field names to the headers as the
    file wrote them, so the preview can say how it read them.
    """

    rows: list[RosterRow]
    errors: list[str]
    encoding: str
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    @property
    def messages(self) -> list[str]:
        """Every problem, file-level first, then `line N: …` per row."""
        return self.errors + [line_message(row.line, e) for row in self.rows for e in row.errors]


def line_message(line: int, message: str) -> str:
    return _("line %(line)d: %(message)s") % {"line": line, "message": message}


def _normalise(header: str) -> str:
    """Headers compared without case, spaces or punctuation: "E-mail" and
    "Email_Address " become "email" and "emailaddress"."""
    return "".join(char for char in header.casefold() if char.isalnum())


def _label(name: str) -> str:
    if name == NAME:
        return _("name")
    return str(PendingEnrollment._meta.get_field(name).verbose_name)


class _Unreadable(Exception):
    """The file cannot be read as a roster at all; the message says why."""


def _decode(data: bytes | str) -> tuple[str, str]:
    """The text and the encoding it was in; `_Unreadable` if it is not a roster.

    Spreadsheets save CSV as UTF-8 (Excel adds a byte-order mark), as
    Windows-1252 ("CSV" in older Windows Excel) or as UTF-16 ("Unicode
    text"); a file that decodes as none of them is not a roster.
    """
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_BYTES:
        raise _Unreadable(
            _("The file is larger than %(max)d MB, the most a roster can be. Split it.")
            % {"max": MAX_BYTES // 1024 // 1024}
        )
    if isinstance(data, str):
        text, encoding = data.removeprefix("\ufeff"), "unicode"
    elif data.startswith(EXCEL_MAGIC):
        raise _Unreadable(
            _(
                "This is an Excel workbook, not a CSV file. In Excel, choose "
                "File > Save As > CSV UTF-8, then upload that file."
            )
        )
    else:
        text, encoding = _decode_bytes(data)
    if "\x00" in text:
        raise _Unreadable(
            _("This is not a text file. Upload the roster as a CSV file (CSV UTF-8).")
        )
    if not text.strip():
        raise _Unreadable(_("The file is empty."))
    return text, encoding


def _decode_bytes(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "windows-1252")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _Unreadable(
        _("We can't read the characters in this file. Save it as CSV UTF-8 and upload it again.")
    )


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns we know;
    the csv module's guess when no header is recognised; else a comma."""
    header = next((line for line in text.splitlines() if line.strip()), "")

    def score(delimiter):
        cells = next(csv.reader([header], delimiter=delimiter), [])
        return sum(_normalise(cell) in HEADER_FIELD for cell in cells), len(cells)

    best = max(DELIMITERS, key=score)
    if score(best)[0]:
        return best
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return best


def _columns(header: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Which cell holds which field, the headers ignored, and file errors."""
    index, ignored, errors = {}, [], []
    for position, cell in enumerate(header):
        name = HEADER_FIELD.get(_normalise(cell))
        if name is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif name in index:
            errors.append(
                _('Two columns could be the %(field)s: "%(first)s" and "%(second)s". Keep one.')
                % {
                    "field": _label(name),
                    "first": header[index[name]].strip(),
                    "second": cell.strip(),
                }
            )
        else:
            index[name] = position
    if "email" not in index:
        errors.append(_missing_email(header))
    return index, ignored, errors


def _missing_email(header: list[str]) -> str:
    found = [cell.strip() for cell in header if cell.strip()]
    if any(_is_email(cell.lower()) for cell in found):
        return _(
            "The first line should name the columns (Email, First name, Last name, "
            "SIS User ID, SIS Login ID), but it looks like a student. Add a header line."
        )
    return _(
        "The file has no email column; we found: %(columns)s. Name the column of "
        'students\' emails "Email".'
    ) % {"columns": ", ".join(f'"{cell}"' for cell in found) or _("no column names")}


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _row(line: int, cells: list[str], index: dict[str, int], width: int) -> RosterRow:
    errors = []
    if len(cells) < width or any(cell.strip() for cell in cells[width:]):
        errors.append(
            _(
                "This row has %(found)d cells but the header has %(expected)d. "
                "A name containing the delimiter needs quotes around it."
            )
            % {"found": len(cells), "expected": width}
        )
    values = {
        name: cells[position].strip() if position < len(cells) else ""
        for name, position in index.items()
    }
    full_name = values.pop(NAME, "")
    if full_name and not values.get("first_name") and not values.get("last_name"):
        last, comma, first = full_name.partition(",")
        values["first_name"], values["last_name"] = (
            (first.strip(), last.strip()) if comma else (full_name, "")
        )
    values["email"] = values["email"].lower()
    for name, value in values.items():
        limit = PendingEnrollment._meta.get_field(name).max_length
        if len(value) > limit:
            errors.append(
                _("The %(field)s is too long: %(length)d characters, at most %(max)d.")
                % {"field": _label(name), "length": len(value), "max": limit}
            )
    if not values["email"]:
        errors.append(_("The email is missing."))
    elif not _is_email(values["email"]):
        errors.append(_('"%(email)s" is not a valid email address.') % values)
    return RosterRow(line=line, errors=errors, **values)


def roster_read(data: bytes | str, *, progress: Progress | None = None) -> RosterFile:
    """Read a roster CSV the way an instructor's spreadsheet saved it.

    Forgiving about what spreadsheets vary in (encoding, delimiter, header
    wording and order, blank lines, spaces around values), strict about
    what would enroll the wrong student (bad or repeated emails, rows whose
    cells do not line up with the header). Values are kept exactly as
    typed apart from surrounding spaces and the email's case: names in any
    script and text that looks like a formula are data here; exports make
    them safe where they are written out. Writes nothing.
    """
    try:
        text, encoding = _decode(data)
    except _Unreadable as unreadable:
        return RosterFile(rows=[], errors=[str(unreadable)], encoding="")
    try:
        return _parse(text, encoding, progress)
    except _BadCsv as bad:
        error = _(
            "Line %(line)d is not valid CSV (%(problem)s). A quote that opens a cell "
            "must close it just before the next delimiter."
        ) % {"line": bad.line, "problem": bad.problem}
        return RosterFile(rows=[], errors=[error], encoding=encoding)


class _BadCsv(Exception):
    def __init__(self, line, problem):
        super().__init__(line, problem)
        self.line, self.problem = line, problem


def _records(text: str):
    """(line, cells) for every record, numbered as a spreadsheet numbers its
    rows: blank lines count, line breaks inside a quoted cell don't."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    line = 0
    try:
        for line, cells in enumerate(reader, 1):
            yield line, cells
    except csv.Error as problem:
        raise _BadCsv(line + 1, problem) from None


def _parse(text: str, encoding: str, progress: Progress | None) -> RosterFile:
    records = _records(text)
    header = next((cells for _line, cells in records if any(c.strip() for c in cells)), None)
    if header is None:
        return RosterFile(rows=[], errors=[_("The file is empty.")], encoding=encoding)
    index, ignored, errors = _columns(header)
    if errors:
        return RosterFile(rows=[], errors=errors, encoding=encoding, ignored_columns=ignored)
    width = max(position for position, cell in enumerate(header) if cell.strip()) + 1
    rows, seen = [], {}
    for line, cells in progress(records) if progress else records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            error = _("A roster can have at most %(max)d students; split the file.")
            return RosterFile(rows=[], errors=[error % {"max": MAX_ROWS}], encoding=encoding)
        row = _row(line, cells, index, width)
        if not row.errors and row.email in seen:
            row.errors.append(
                _("%(email)s is already on line %(line)d.")
                % {"email": row.email, "line": seen[row.email]}
            )
        seen.setdefault(row.email, line)
        rows.append(row)
    if not rows:
        errors.append(_("The file has a header line but no students."))
    columns = {name: header[position].strip() for name, position in index.items()}
    return RosterFile(rows, errors, encoding, columns=columns, ignored_columns=ignored)
