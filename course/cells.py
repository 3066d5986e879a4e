"""Text that is safe in a spreadsheet cell, for every file the site writes.

A spreadsheet program treats a cell that starts with `=`, `+`, `-` or `@`
as a formula, and some treat a leading tab or carriage return the same way,
so a student named `=HYPERLINK(...)` or a lesson titled like one would run
when someone opens the file. Following OWASP's advice on CSV injection,
such text gets a leading single quote: the cell then shows as text, and
nothing is lost. It lives in `course`, the app every other one may import,
so gradebook exports and admin reports share one rule.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """`value` as text no spreadsheet will run: quoted when it starts like a formula."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
