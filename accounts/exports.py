"""A student's own data as files: the whole of it as JSON, their progress as CSV.

JSON is the complete copy (profile, email addresses, progress, attempts
with their answers, practice messages, classes, certificates), nested as the site keeps it,
for anyone or any program that wants everything. The CSV is for people
with a spreadsheet: a single table, one row per quiz answer (carrying its
attempt's score, so rows sort and filter on their own) plus one row per
lesson completed, per practice draft and per class joined, told apart by the first column.
One flat file opens anywhere, on a phone too, where a zip of several
tables would not. Every CSV cell goes through `classes.exports.cells`, so
a quiz title or an answer typed as `=HYPERLINK(...)` stays inert text.
"""

import json
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import AccountData
from classes.exports.cells import csv_chunks


def data_json(*, data: AccountData) -> bytes:
    """The data as indented UTF-8 JSON, dates in ISO 8601 with their offset."""
    document = {
        "exported_at": timezone.now(),
        "profile": data.profile,
        "email_addresses": data.email_addresses,
        "lesson_completions": data.lesson_completions,
        "quiz_attempts": data.quiz_attempts,
        "enrollments": data.enrollments,
        "certificates": data.certificates,
        "practice_drafts": data.practice_drafts,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def data_csv_header() -> list[str]:
    return [
        _("Record"),
        _("Course"),
        _("Item"),
        _("Date"),
        _("Attempt"),
        _("State"),
        _("Submitted at"),
        _("Score"),
        _("Maximum score"),
        _("Percent"),
        _("Passed"),
        _("Question"),
        _("Prompt"),
        _("Your answer"),
        _("Correct (0 to 1)"),
        _("Points"),
        _("Term"),
        _("SIS user ID"),
        _("SIS login ID"),
    ]


def data_csv_rows(*, data: AccountData) -> list[list]:
    """The table's rows: lessons, then practice drafts, then quiz answers, then
    classes, each oldest first."""
    blank = [None] * len(data_csv_header())
    rows = []
    for completion in data.lesson_completions:
        row = list(blank)
        row[:4] = [
            _("Lesson completed"),
            completion["course"],
            completion["lesson"],
            _when(completion["completed_at"]),
        ]
        rows.append(row)
    for draft in data.practice_drafts:
        row = list(blank)
        row[:5] = [
            _("Practice draft"),
            draft["course"],
            draft["lesson"],
            _when(draft["checked_at"]),
            draft["number"],
        ]
        row[13] = draft["message"]  # in "Your answer"
        rows.append(row)
    for attempt in data.quiz_attempts:
        attempt_cells = [
            attempt["course"],
            attempt["quiz"],
            _when(attempt["started_at"]),
            attempt["number"],
            attempt["state"],
            _when(attempt["submitted_at"]),
            attempt["score"],
            attempt["max_score"],
            attempt["percent"],
            _yes_no(attempt["passed"]),
        ]
        if not attempt["responses"]:
            rows.append([_("Quiz attempt"), *attempt_cells, *blank[11:]])
        for response in attempt["responses"]:
            rows.append(
                [
                    _("Quiz answer"),
                    *attempt_cells,
                    response["number"],
                    response["question"],
                    response["answer"],
                    response["correct"],
                    response["points"],
                    None,
                    None,
                    None,
                ]
            )
    for enrollment in data.enrollments:
        row = list(blank)
        row[:6] = [
            _("Class"),
            enrollment["course"],
            enrollment["section"],
            _when(enrollment["enrolled_at"]),
            None,
            enrollment["status"],
        ]
        row[16:] = [enrollment["term"], enrollment["sis_user_id"], enrollment["sis_login_id"]]
        rows.append(row)
    return rows


def data_csv(*, data: AccountData) -> bytes:
    """The table as UTF-8 CSV with a byte order mark, which Excel needs for accents."""
    lines = [data_csv_header(), *data_csv_rows(data=data)]
    return b"".join(csv_chunks(lines, bom=True))


def _when(value: datetime | None) -> str | None:
    """A date and time in the site's time zone, in a form spreadsheets read as one."""
    if value is None:
        return None
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return _("yes") if value else _("no")
