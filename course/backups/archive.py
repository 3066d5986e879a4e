"""The archive file: a gzipped tar of the database dump, the media files and a manifest.

The manifest (`manifest.json`) is the last member, so it can list the size
and SHA-256 of every member written before it while they are streamed in;
an archive cut short therefore has no manifest and is refused as
incomplete. Reading checks every member against the manifest while
unpacking into a scratch folder, so a damaged archive is refused before the
site is touched.

`FORMAT` grows whenever a change would mislead an older `restore`; an
archive of a newer format is refused rather than half understood.
"""

import gzip
import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024  # bytes read at a time
MANIFEST_KEYS = {"format", "created_at", "database", "migrations", "rows", "media", "files"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


class _HashingReader:
    """Reads a file for tarfile, hashing each byte on its way into the archive, so
    the checksum describes exactly what was written even if the file changes."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


class ArchiveWriter:
    """Adds files to an open archive and remembers their sizes and checksums."""

    def __init__(self, tar):
        self.tar = tar
        self.files = {}

    def add(self, source: Path, name: str):
        with source.open("rb") as file:
            info = self.tar.gettarinfo(arcname=name, fileobj=file)
            # Owners on this machine mean nothing on the one that restores.
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            reader = _HashingReader(file)
            self.tar.addfile(info, reader)
        self.files[name] = {"size": info.size, "sha256": reader.sha256.hexdigest()}

    def add_manifest(self, manifest: dict):
        data = json.dumps({**manifest, "files": self.files}, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o600
        self.tar.addfile(info, io.BytesIO(data))


@contextmanager
def archive_writing(path: Path):
    """Yield an ArchiveWriter for a new archive at `path`, readable by its owner only.

    The archive is written under a hidden name and renamed when complete, so
    an interrupted backup (a full disk, a killed cron job) never leaves a
    truncated file that looks like a good one.
    """
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                yield ArchiveWriter(tar)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def archive_unpack(*, path: Path, folder: Path) -> dict:
    """Unpack the archive at `path` into `folder` and return its manifest, or raise
    BackupError if it is damaged, incomplete, tampered with or of a newer format."""
    if not path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    found, manifest_data = {}, None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = _checked_name(member)
                if name in found or (name == MANIFEST and manifest_data is not None):
                    raise BackupError(_("%(path)s holds %(name)s twice.") % _names(path, name))
                stream = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_data = stream.read()
                else:
                    found[name] = _unpack_file(stream, folder / name)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            _("%(path)s is damaged or incomplete (%(error)s).") % {"path": path, "error": error}
        ) from error
    manifest = _read_manifest(path, manifest_data)
    _check_files(path, manifest["files"], found)
    return manifest


def _checked_name(member) -> str:
    """A member's name if it is a plain file where we put files; links, devices and
    names that climb out of the folder are refused before anything is written."""
    path = PurePosixPath(member.name)
    if (
        not member.isfile()
        or path.is_absolute()
        or ".." in path.parts
        or str(path) != member.name
        or (member.name != MANIFEST and path.parts[0] not in (DATABASE_DIR, MEDIA_DIR))
    ):
        raise BackupError(
            _("The archive holds %(name)s, which no backup of ours contains.")
            % {"name": member.name}
        )
    return member.name


def _unpack_file(stream, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    sha256, size = hashlib.sha256(), 0
    with target.open("xb") as file:
        while chunk := stream.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
            file.write(chunk)
    return {"size": size, "sha256": sha256.hexdigest()}


def _read_manifest(path, data) -> dict:
    if data is None:
        raise BackupError(
            _("%(path)s is damaged or incomplete, or not a backup: it has no manifest.")
            % {"path": path}
        )
    try:
        manifest = json.loads(data)
        version = manifest["format"]
    except (ValueError, TypeError, KeyError) as error:
        raise BackupError(_("%(path)s has an unreadable manifest.") % {"path": path}) from error
    if not isinstance(version, int) or version > FORMAT:
        raise BackupError(
            _(
                "%(path)s was made by a newer version of Soft Landing (archive format "
                "%(version)s; this version reads format %(format)s). Install that version "
                "or newer to restore it."
            )
            % {"path": path, "version": version, "format": FORMAT}
        )
    if (
        MANIFEST_KEYS - manifest.keys()
        or manifest["database"].get("file") not in manifest["files"]
    ):
        raise BackupError(_("%(path)s has an incomplete manifest.") % {"path": path})
    return manifest


def _check_files(path, expected: dict, found: dict):
    for name in sorted(expected.keys() | found.keys()):
        if name not in found:
            problem = _("%(path)s is missing %(name)s.")
        elif name not in expected:
            problem = _("%(path)s holds %(name)s, which its manifest does not list.")
        elif found[name] != expected[name]:
            problem = _("%(name)s in %(path)s does not match its checksum: the file is damaged.")
        else:
            continue
        raise BackupError(problem % _names(path, name))


def _names(path, name):
    return {"path": path, "name": name}
