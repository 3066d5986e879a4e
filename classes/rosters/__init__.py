"""Rosters: an instructor's CSV of students, read, previewed, then imported.

Reading (`roster_read`) and planning (`roster_plan`) write nothing, so the
instructor sees what confirming would do, row by row, before anything
changes; `roster_import` then applies that same plan in one transaction,
all or nothing. Students without an account yet wait as `PendingEnrollment`
rows until they sign up with the roster's email
(`pending_enrollments_attach`, called from `classes.signals`).
"""

from classes.rosters.importing import (
    PlannedRow,
    RosterAction,
    RosterError,
    RosterPlan,
    pending_enrollments_attach,
    roster_import,
    roster_plan,
)
from classes.rosters.reading import MAX_BYTES, MAX_ROWS, RosterFile, RosterRow, roster_read

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "PlannedRow",
    "RosterAction",
    "RosterError",
    "RosterFile",
    "RosterPlan",
    "RosterRow",
    "pending_enrollments_attach",
    "roster_import",
    "roster_plan",
    "roster_read",
]
