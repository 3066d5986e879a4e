"""Dumping and restoring the database with each engine's own tools.

We copy the database as the engine stores it rather than through Django's
`dumpdata`/`loaddata`. A native copy is faithful by construction: Wagtail's
page tree (paths, depths, child counts), every revision, sequences, and the
constraints and indexes come back exactly, with no natural keys to define
for each model and no ordering of foreign keys to get right; it is also far
faster on a large site. The price is that an archive restores only to the
engine it came from, which `restore` checks; moving between SQLite and
PostgreSQL is a separate job (`dumpdata` on one, `loaddata` on the other).

- SQLite: the online backup API (`sqlite3.Connection.backup`). The site's
  database runs in WAL mode, where committed writes live in the `-wal` file
  until a checkpoint; copying `softlanding.sqlite3` alone would miss them,
  and copying it while a worker writes may catch a page half-written. The
  backup API reads one consistent snapshot through SQLite itself, and
  gunicorn workers keep writing meanwhile. Restoring uses the same API in
  the other direction, so a worker that still has the file open sees the
  new content rather than a file swapped under it.
- PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` in a
  single transaction (all or nothing). The dump runs in a snapshot we
  export from our own read-only transaction, so the row counts in the
  manifest describe exactly the rows in the dump. Owners and grants are
  left out on restore: the roles of the old server need not exist on the
  new one. The `pg_dump` on the machine must be at least the server's
  version (`postgresql-client-NN`).
"""

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from course.backups.archive import BackupError


@dataclass(frozen=True)
class Census:
    """What a database holds: migrations applied per app, and rows per table."""

    migrations: dict  # app label -> sorted migration names
    rows: dict  # table name -> row count


def _census(cursor, tables_sql) -> Census:
    cursor.execute(tables_sql)
    tables = sorted(name for (name,) in cursor.fetchall())
    rows = {}
    for table in tables:
        cursor.execute('SELECT COUNT(*) FROM "{}"'.format(table.replace('"', '""')))
        rows[table] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in rows:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return Census(migrations=migrations, rows=rows)


class _Database:
    """An engine's way to dump and restore; `census()` reads the site's database as it is."""

    tables_sql = ""  # lists the tables of the current database

    def census(self) -> Census:
        with connection.cursor() as cursor:
            return _census(cursor, self.tables_sql)


class SQLiteDatabase(_Database):
    vendor = "sqlite"
    file_name = "softlanding.sqlite3"
    tables_sql = (
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\'"
    )

    def dump(self, path: Path) -> Census:
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            # One self-contained file, with no -wal beside it to lose on the way.
            copy.execute("PRAGMA journal_mode=DELETE")
            return _census(copy.cursor(), self.tables_sql)
        finally:
            copy.close()

    def restore(self, path: Path):
        connection.ensure_connection()
        source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


class PostgreSQLDatabase(_Database):
    vendor = "postgresql"
    file_name = "softlanding.pgdump"
    tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    # Keys of Django's OPTIONS that are settings of Django or psycopg, not of libpq.
    NOT_LIBPQ = {
        *("pool", "server_side_binding", "isolation_level", "assume_role"),
        *("prepare_threshold", "cursor_factory", "context"),
    }

    def dump(self, path: Path) -> Census:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            self._run("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
            return _census(cursor, self.tables_sql)

    def restore(self, path: Path):
        # Our own idle connection must not hold a lock on a table pg_restore drops.
        connection.close()
        self._run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            str(path),
        )

    def _run(self, program, *arguments):
        """Run a PostgreSQL client against Django's database; a password goes in
        the environment, never on a command line that `ps` would show (without
        one, libpq reads ~/.pgpass as Django's connection does)."""
        from psycopg.conninfo import make_conninfo

        database = connection.settings_dict
        options = {
            key: value
            for key, value in database["OPTIONS"].items()
            if key not in self.NOT_LIBPQ and isinstance(value, str | int)
        }
        conninfo = make_conninfo(
            "",
            dbname=database["NAME"],
            user=database["USER"] or None,
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            **options,
        )
        environment = dict(os.environ)
        if database["PASSWORD"]:
            environment["PGPASSWORD"] = database["PASSWORD"]
        command = [program, f"--dbname={conninfo}", *arguments]
        try:
            result = subprocess.run(command, env=environment, capture_output=True, text=True)
        except FileNotFoundError as error:
            raise BackupError(
                _("%(program)s is not installed: install the PostgreSQL client tools.")
                % {"program": program}
            ) from error
        if result.returncode:
            raise BackupError(
                _("%(program)s failed: %(error)s")
                % {"program": program, "error": result.stderr.strip()}
            )


def database_engine():
    """The dump-and-restore tools for the site's database."""
    for engine in (SQLiteDatabase, PostgreSQLDatabase):
        if engine.vendor == connection.vendor:
            return engine()
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
    )
