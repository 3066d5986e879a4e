"""An instructor uploads the roster their college or spreadsheet gave them: it is
read whatever the encoding, delimiter or header wording, and every problem is
pointed out by the line number the spreadsheet shows."""

import csv
import io

import pytest

from classes.rosters import MAX_BYTES, MAX_ROWS, roster_read

HEADER = "Email,First Name,Last Name,SIS User ID,SIS Login ID\n"


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def only_row(roster):
    assert roster.is_valid, roster.messages
    (row,) = roster.rows
    return row


def test_a_plain_csv_reads_into_rows_with_spreadsheet_line_numbers():
    roster = roster_read(HEADER + "ann@example.edu,Ann,Lee,1001,alee\nbo@example.edu,Bo,Ng,,\n")

    assert roster.is_valid
    assert [(row.line, row.email, row.first_name, row.last_name) for row in roster.rows] == [
        (2, "ann@example.edu", "Ann", "Lee"),
        (3, "bo@example.edu", "Bo", "Ng"),
    ]
    assert (roster.rows[0].sis_user_id, roster.rows[0].sis_login_id) == ("1001", "alee")
    assert (roster.rows[1].sis_user_id, roster.rows[1].sis_login_id) == ("", "")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "windows-1252")],
)
def test_utf8_with_or_without_bom_and_windows_1252_keep_accents(encoding, expected):
    data = csv_bytes([["Email", "First name", "Last name"], ["zoe@example.edu", "Zoë", "Ñúñez"]])

    roster = roster_read(data.decode("utf-8").encode(encoding))

    row = only_row(roster)
    assert roster.encoding == expected
    assert (row.first_name, row.last_name) == ("Zoë", "Ñúñez")
    assert roster.columns["email"] == "Email"  # the byte-order mark is not part of the header


def test_excels_unicode_text_utf16_with_tabs_is_read_too():
    text = "Email\tFirst name\r\nzoe@example.edu\tZoë\r\n"

    row = only_row(roster_read(text.encode("utf-16")))

    assert (row.email, row.first_name) == ("zoe@example.edu", "Zoë")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_files_are_recognised(delimiter):
    data = csv_bytes(
        [["Email", "Last name", "First name"], ["ann@example.edu", "Lee, Jr.", "Ann"]],
        delimiter=delimiter,
    )

    row = only_row(roster_read(data))

    assert (row.first_name, row.last_name) == ("Ann", "Lee, Jr.")


def test_headers_are_matched_loosely_in_any_order():
    header = ["  e-MAIL address ", "Surname", "Given_Name", "Student ID", "Username", "Section"]

    roster = roster_read(
        csv_bytes([header, ["Ann@Example.EDU", "Lee", "Ann", "42", "alee", "02"]])
    )

    row = only_row(roster)
    assert (row.email, row.first_name, row.last_name) == ("ann@example.edu", "Ann", "Lee")
    assert (row.sis_user_id, row.sis_login_id) == ("42", "alee")
    assert roster.ignored_columns == ["Section"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("First", "first_name"),
        ("Family name", "last_name"),
        ("Last", "last_name"),
        ("ID number", "sis_user_id"),
        ("SIS_User_ID", "sis_user_id"),
        ("Login", "sis_login_id"),
        ("SIS Login ID", "sis_login_id"),
    ],
)
def test_synonyms_name_the_same_fields(header, field):
    roster = roster_read(f"Email Address,{header}\nann@example.edu,x\n")

    assert roster.columns[field] == header


def test_e_mail_is_the_email_but_two_email_columns_are_ambiguous():
    assert roster_read("E-mail\nann@example.edu\n").columns == {"email": "E-mail"}

    (error,) = roster_read("E-mail,Email address\nann@example.edu,ann@example.edu\n").errors

    assert error == 'Two columns could be the email: "E-mail" and "Email address". Keep one.'


def test_canvas_student_column_last_comma_first_gives_both_names():
    data = csv_bytes(
        [
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Email"],
            ["Ñúñez, Zoë", "88", "S-1", "znunez", "zoe@example.edu"],
        ]
    )

    row = only_row(roster_read(data))

    assert (row.first_name, row.last_name, row.sis_user_id) == ("Zoë", "Ñúñez", "S-1")


def test_a_file_without_an_email_column_names_the_columns_it_found():
    roster = roster_read("Name,Student ID\nAnn Lee,1\n")

    assert not roster.is_valid
    assert roster.rows == []
    (error,) = roster.errors
    assert "no email column" in error
    assert '"Name", "Student ID"' in error


def test_a_file_without_a_header_line_is_told_to_add_one():
    (error,) = roster_read("ann@example.edu,Ann,Lee\n").errors

    assert "Add a header line" in error


def test_invalid_emails_are_reported_with_their_line_numbers():
    roster = roster_read("Email,First\nann@example.edu,Ann\nnot-an-email,Bo\n,Cy\n")

    assert not roster.is_valid
    assert roster.messages == [
        'line 3: "not-an-email" is not a valid email address.',
        "line 4: The email is missing.",
    ]


def test_a_duplicate_email_names_both_lines_whatever_its_case():
    roster = roster_read("Email\nann@example.edu\nbo@example.edu\nANN@example.edu\n")

    assert roster.messages == ["line 4: ann@example.edu is already on line 2."]


def test_blank_lines_are_skipped_but_still_counted_like_a_spreadsheet():
    roster = roster_read("\r\nEmail\r\n\r\nann@example.edu\r\n , \r\nbo@example.edu\r\n\r\n")

    assert [(row.line, row.email) for row in roster.rows] == [
        (4, "ann@example.edu"),
        (6, "bo@example.edu"),
    ]


def test_a_line_break_inside_a_quoted_cell_is_one_spreadsheet_row():
    data = csv_bytes([["Email", "Last name"], ["ann@example.edu", "Lee\nSmith"], ["bad", "x"]])

    roster = roster_read(data)

    assert roster.rows[0].last_name == "Lee\nSmith"
    assert roster.messages == ['line 3: "bad" is not a valid email address.']


def test_a_field_too_long_for_the_database_is_an_error():
    roster = roster_read(f"Email,First name\nann@example.edu,{'A' * 151}\n")

    assert roster.messages == ["line 2: The first name is too long: 151 characters, at most 150."]


def test_rows_with_too_many_or_too_few_cells_are_errors():
    roster = roster_read("Email,First,Last\na@example.edu,Ann\nb@example.edu,Lee, Jr.,Bo\n")

    assert [message.split(":")[0] for message in roster.messages] == ["line 2", "line 3"]
    assert "This row has 2 cells but the header has 3" in roster.messages[0]
    assert "This row has 4 cells but the header has 3" in roster.messages[1]


def test_trailing_empty_cells_from_a_spreadsheet_are_harmless():
    roster = roster_read("Email,First,Last,,\nann@example.edu,Ann,Lee,,\nbo@example.edu,Bo,Ng\n")

    assert roster.is_valid, roster.messages


def test_an_unclosed_quote_is_a_clear_error_not_a_swallowed_file():
    roster = roster_read('Email,First\nann@example.edu,"Ann\nbo@example.edu,Bo\n')

    (error,) = roster.errors
    assert error.startswith("Line 2 is not valid CSV")
    assert roster.rows == []


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", ",,,\n", "\ufeff"])
def test_an_empty_file_says_so(data):
    assert roster_read(data).errors == ["The file is empty."]


def test_a_header_without_students_says_so():
    assert roster_read(HEADER).errors == ["The file has a header line but no students."]


def test_a_binary_file_is_refused():
    roster = roster_read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    assert roster.errors == [
        "This is not a text file. Upload the roster as a CSV file (CSV UTF-8)."
    ]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused():
    (error,) = roster_read(b"Email\n\x81\x8d@example.edu\n").errors

    assert error.startswith("We can't read the characters in this file.")


def test_an_excel_workbook_is_told_how_to_save_as_csv():
    (error,) = roster_read(b"PK\x03\x04\x14\x00\x06\x00").errors

    assert "Excel workbook" in error
    assert "CSV UTF-8" in error


def test_a_file_that_is_too_large_is_refused_before_reading_it():
    data = HEADER.encode() + b"ann@example.edu,Ann,Lee,1,a\n" * (MAX_BYTES // 20)

    (error,) = roster_read(data).errors

    assert error == "The file is larger than 2 MB, the most a roster can be. Split it."


def test_too_many_rows_is_refused():
    data = "Email\n" + "".join(f"s{n}@example.edu\n" for n in range(MAX_ROWS + 1))

    roster = roster_read(data)

    assert roster.errors == ["A roster can have at most 10000 students; split the file."]
    assert roster.rows == []


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+SUM(1,2)",
        "@cmd",
        "<script>alert(1)</script>",
        'O\'Brien & "Sons"',
        "王秀英",
        "محمد عبد الله",
        "\u202eevil\u202c",
        "Zoë  Ñúñez",
    ],
)
def test_any_name_is_kept_exactly_as_typed(name):
    data = csv_bytes([["Email", "First name"], ["ann@example.edu", f"  {name}\t"]])

    assert only_row(roster_read(data)).first_name == name


def test_a_progress_callback_sees_every_row():
    seen = []

    def progress(rows):
        for item in rows:
            seen.append(item[0])
            yield item

    roster_read(HEADER + "a@example.edu\nb@example.edu\n", progress=progress)

    assert seen == [2, 3]
