"""Making a backup of the whole site, and putting one back.

A backup is the database and every file under MEDIA_ROOT (uploaded images,
their renditions, documents): together they are the site; the code, the
settings and the secret key come from the deployment, not from the backup.
"""

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from course.backups.archive import (
    DATABASE_DIR,
    FORMAT,
    MEDIA_DIR,
    BackupError,
    archive_unpack,
    archive_writing,
)
from course.backups.databases import Census, database_engine

# The tables a summary names first, as people count what a site holds.
HEADLINE_MODELS = (
    settings.AUTH_USER_MODEL,
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "quizzes.Attempt",
    "quizzes.Response",
    "classes.Enrollment",
    "wagtailimages.Image",
    "wagtaildocs.Document",
)


@dataclass(frozen=True)
class RestoreReport:
    manifest: dict  # the archive's
    rows: dict  # table name -> rows in the database after the restore
    files_removed: int  # files under MEDIA_ROOT that the backup did not have
    pending_migrations: list  # "app.name" of this code's migrations the backup predates


def backup_create(*, output: Path | None = None, now: datetime | None = None):
    """Write a backup archive and return its path and manifest.

    `output` is a file, or a folder for the default name
    (softlanding-YYYYMMDD-HHMMSS.tar.gz); the current folder when None. An
    archive is never written under MEDIA_ROOT or STATIC_ROOT, where the web
    server would hand it to anyone, and never over an existing file.
    """
    now = (now or timezone.now()).replace(microsecond=0)
    path = _archive_path(output, timezone.localtime(now))
    database = database_engine()
    with tempfile.TemporaryDirectory(prefix="softlanding-backup-") as scratch:
        dump = Path(scratch) / database.file_name
        census = database.dump(dump)
        if not census.rows:
            raise BackupError(
                _(
                    "The database %(name)s has no tables: check DATABASE_URL or DATA_DIR "
                    "before backing up."
                )
                % {"name": connection.settings_dict["NAME"]}
            )
        with archive_writing(path) as archive:
            database_member = f"{DATABASE_DIR}/{database.file_name}"
            archive.add(dump, database_member)
            for source, relative in _media_files(Path(settings.MEDIA_ROOT)):
                archive.add(source, f"{MEDIA_DIR}/{relative}")
            media = [file for name, file in archive.files.items() if name != database_member]
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "soft_landing": _version(),
                "database": {"engine": database.vendor, "file": database_member},
                "migrations": census.migrations,
                "rows": census.rows,
                "media": {"files": len(media), "bytes": sum(file["size"] for file in media)},
            }
            archive.add_manifest(manifest)
    return path, {**manifest, "files": archive.files}


def backup_restore(*, path: Path, confirm: Callable[[str], bool]) -> RestoreReport:
    """Replace the site's database and media with the backup at `path`.

    Every check comes first: the archive's checksums, its format, its
    engine, and its migrations against both this code and the database
    (see `_check_migrations`). A database that holds anything, or a
    MEDIA_ROOT with files the backup lacks, is replaced only if
    `confirm(question)` says yes. Raises BackupError having changed nothing
    (a failing `pg_restore` rolls its transaction back). Afterwards every
    cache is emptied (cached pages and sessions describe the database as it
    was); workers with a cache in their own memory need a restart, as they
    would after any restore.
    """
    database = database_engine()
    with tempfile.TemporaryDirectory(prefix="softlanding-restore-") as scratch:
        scratch = Path(scratch)
        manifest = archive_unpack(path=path, folder=scratch)
        engine = manifest["database"]["engine"]
        if engine != database.vendor:
            raise BackupError(
                _(
                    "%(path)s holds a %(archive)s database and this site uses %(site)s. Restore "
                    "it where the site is set up for %(archive)s; an archive moves only between "
                    "databases of the same engine."
                )
                % {"path": path, "archive": engine, "site": database.vendor}
            )
        current = database.census()
        _check_migrations(manifest, current)
        media_root, staged = Path(settings.MEDIA_ROOT), scratch / MEDIA_DIR
        extra = sorted(_media_names(media_root) - _media_names(staged))
        if (current.rows or extra) and not confirm(_restore_question(manifest, current, extra)):
            raise BackupError(_("Restore cancelled."))
        database.restore(scratch / manifest["database"]["file"])
        _media_replace(staged, media_root, extra)
    for alias in settings.CACHES:
        caches[alias].clear()
    return RestoreReport(
        manifest=manifest,
        rows=database.census().rows,
        files_removed=len(extra),
        pending_migrations=_pending_migrations(),
    )


def rows_summary(rows: dict) -> str:
    """What a database holds, from its rows per table, in the words of the site:
    3 users, 41 pages, …, 1 document (5,321 rows in 86 tables)."""
    parts = []
    for label in HEADLINE_MODELS:
        meta = apps.get_model(label)._meta
        count = rows.get(meta.db_table, 0)
        name = meta.verbose_name if count == 1 else meta.verbose_name_plural
        parts.append(f"{count:,} {name}")
    total = _("%(rows)s rows in %(tables)s tables") % {
        "rows": f"{sum(rows.values()):,}",
        "tables": f"{len(rows):,}",
    }
    return f"{', '.join(parts)} ({total})"


def size_text(count: int) -> str:
    """A size as people read it (1.2 MB), on one line."""
    return filesizeformat(count).replace("\xa0", " ")


def _archive_path(output, now) -> Path:
    path = Path(output or ".")
    if path.is_dir():
        path /= now.strftime("softlanding-%Y%m%d-%H%M%S.tar.gz")
    path = path.resolve()
    for setting in ("MEDIA_ROOT", "STATIC_ROOT"):
        root = Path(getattr(settings, setting)).resolve()
        if path.is_relative_to(root):
            raise BackupError(
                _(
                    "%(path)s is inside %(setting)s (%(root)s), which the web server serves to "
                    "anyone: write the backup somewhere else."
                )
                % {"path": path, "setting": setting, "root": root}
            )
    if path.exists():
        raise BackupError(_("%(path)s already exists; choose a new name.") % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    return path


def _media_files(root: Path):
    """(file, path relative to `root`) for every plain file under `root`, in a
    stable order; symbolic links are left out, as they would point elsewhere on
    another machine."""
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            source = Path(folder, name)
            if source.is_file() and not source.is_symlink():
                yield source, source.relative_to(root).as_posix()


def _version():
    try:
        return version("soft-landing")
    except PackageNotFoundError:  # running from a copy of the code that was never installed
        return "unknown"


def _known_migrations():
    """Every migration this code has, and every one a squashed migration replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return known


def _applied(migrations: dict):
    return {(app, name) for app, names in migrations.items() for name in names}


def _check_migrations(manifest, current: Census):
    """Refuse an archive from newer code (this code could not run its database, and
    `migrate` cannot go forward from it) and a database newer than the archive (the
    likely sign of restoring the wrong or an old backup over an upgraded site).

    Older archives are welcome: `migrate` brings them up to this code.
    """
    archived = _applied(manifest["migrations"])
    installed = {config.label for config in apps.get_app_configs()}
    unknown = sorted(key for key in archived - _known_migrations() if key[0] in installed)
    if unknown:
        raise BackupError(
            _(
                "The backup comes from a newer version of Soft Landing: this code does not have "
                "its migrations %(migrations)s. Install that version (or a later one) first."
            )
            % {"migrations": _migration_names(unknown)}
        )
    ahead = sorted(_applied(current.migrations) - archived)
    if ahead:
        raise BackupError(
            _(
                "The database has migrations the backup does not (%(migrations)s): it is newer "
                "than the backup. To go back to this backup anyway, restore it into an empty "
                "database and run migrate."
            )
            % {"migrations": _migration_names(ahead)}
        )


def _migration_names(keys):
    return ", ".join(f"{app}.{name}" for app, name in keys)


def _restore_question(manifest, current: Census, extra: list) -> str:
    held = []
    if current.rows:
        held.append(
            _("The database %(name)s holds %(summary)s.")
            % {"name": connection.settings_dict["NAME"], "summary": rows_summary(current.rows)}
        )
    if extra:
        held.append(
            ngettext(
                "%(media)s holds %(count)s file the backup does not have.",
                "%(media)s holds %(count)s files the backup does not have.",
                len(extra),
            )
            % {"media": settings.MEDIA_ROOT, "count": f"{len(extra):,}"}
        )
    held.append(
        _("Restoring replaces all of it with the backup made %(created)s.")
        % {"created": manifest["created_at"]}
    )
    return " ".join(held)


def _media_names(root: Path) -> set:
    return {relative for _source, relative in _media_files(root)}


def _media_replace(staged: Path, root: Path, extra: list):
    """Make MEDIA_ROOT hold exactly the backup's files, removing the `extra` ones
    (uploads newer than the backup, whose rows the restored database no longer
    has). The backup's files go in first, so an interruption never leaves fewer
    than the backup."""
    root.mkdir(parents=True, exist_ok=True)
    for source, relative in _media_files(staged):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
    for relative in extra:
        (root / relative).unlink()


def _pending_migrations():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
