"""The college's IT office backs the site up on a schedule and restores it, in place
or on a fresh machine: `manage.py backup [-o FILE]` and `manage.py restore FILE [--yes]`.

These run on whichever database the suite runs on (SQLite by default,
PostgreSQL with DATABASE_URL). They are transactional: a dump sees only
committed rows, and a restore replaces the database under the test.
"""

import builtins
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from classes.models import Enrollment
from course.backups.archive import FORMAT
from quizzes.models import Attempt, Response
from quizzes.services import answer_save, attempt_start
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_section,
    make_student,
    site_as_migrated,
    take_quiz,
    two_point_quiz,
)

pytestmark = pytest.mark.django_db(transaction=True)

ARCHIVE_NAME = re.compile(r"softlanding-\d{8}-\d{6}\.tar\.gz")
# What a restored site must hold again, as `dumpdata` labels.
CONTENT = [
    "auth.user",
    "wagtailcore.page",
    "wagtailcore.revision",
    "quizzes.attempt",
    "quizzes.response",
    "classes.section",
    "classes.enrollment",
    "wagtailimages.image",
    "wagtailimages.rendition",
    "wagtaildocs.document",
]


def a_picture():
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 30), "#1d5c8c").save(buffer, "PNG")
    return Image.objects.create(title="Handoff", file=ImageFile(buffer, name="handoff.png"))


@pytest.fixture
def course_site(media_root):
    """A course with a pictured lesson (published, then edited as a draft), a quiz
    two students have tried (one finished, one half way), a class, and a document."""
    site_as_migrated()
    course = make_course(title="Not If. When.")
    picture = a_picture()
    picture.get_rendition("fill-40x20")
    lesson = make_lesson(
        course,
        title="The networking handoff",
        body=[("image", {"image": picture, "alt": "Three people, one arrow", "caption": ""})],
    )
    lesson.title = "The networking handoff, revised"
    lesson.save_revision()
    Document.objects.create(
        title="First-week checklist", file=ContentFile(b"Call three people.\n", "checklist.txt")
    )
    quiz = two_point_quiz(course, title="The first 72 hours")
    section = make_section(course)
    sam, ana = make_student("sam"), make_student("ana")
    enroll(section, sam, sis_user_id="S-0001")
    enroll(section, ana, sis_user_id="S-0002")
    take_quiz(sam, quiz, ["c1", "c0"])
    ana_attempt = attempt_start(student=ana, quiz=quiz)
    first = ana_attempt.responses.order_by("position").first()
    answer_save(attempt=ana_attempt, question_key=first.question_key, answer="c1", version=0)
    return lesson


def snapshot(media_root):
    """Everything a user would miss: accounts, pages and their revisions, attempts,
    answers, enrollments, and the bytes of every uploaded file."""
    return {
        "users": list(get_user_model().objects.order_by("pk").values()),
        "pages": list(
            Page.objects.order_by("path").values(
                "pk", "path", "numchild", "title", "live", "latest_revision", "live_revision"
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values("pk", "object_id", "content")),
        "attempts": list(Attempt.objects.order_by("pk").values()),
        "responses": list(Response.objects.order_by("pk").values()),
        "enrollments": list(Enrollment.objects.order_by("pk").values()),
        "media": media_bytes(media_root),
    }


def counted(before):
    """How the commands count a site like `before`."""
    return (
        f"{len(before['users'])} users, {len(before['pages'])} pages, "
        f"{len(before['revisions'])} revisions, {len(before['attempts'])} quiz attempts, "
        f"{len(before['responses'])} quiz responses, {len(before['enrollments'])} enrollments, "
        "1 image, 1 document"
    )


def media_bytes(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def command(name, *args):
    out = io.StringIO()
    call_command(name, *map(str, args), stdout=out)
    return out.getvalue()


def back_up(folder):
    folder.mkdir(exist_ok=True)
    command("backup", "-o", folder)
    (archive,) = folder.iterdir()
    return archive


def wipe(media_root):
    call_command("flush", interactive=False)
    shutil.rmtree(media_root)


def rewrite(archive, *, manifest=None, member=None, data=None):
    """The archive with its manifest changed by `manifest(dict)`, or one member's
    bytes replaced by `data`; the manifest's checksums are left as they were."""
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for info, content in members:
            if info.name == "manifest.json" and manifest:
                changed = json.loads(content)
                manifest(changed)
                content = json.dumps(changed).encode()
            elif info.name == member:
                content = data
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def test_a_wiped_site_comes_back_whole_from_its_backup(course_site, media_root, tmp_path, client):
    before = snapshot(media_root)
    archive = back_up(tmp_path / "backups")
    wipe(media_root)
    assert get_user_model().objects.count() == 0

    out = command("restore", archive, "--yes")

    assert snapshot(media_root) == before
    assert f"The database holds {counted(before)}" in out
    assert "MEDIA_ROOT holds 3 files from the backup" in out
    assert "The database matches this code's migrations." in out
    # And the site goes on: Sam reads the lesson, with its picture, and a new student joins.
    client.force_login(get_user_model().objects.get(username="sam"))
    page = client.get(Page.objects.get(pk=course_site.pk).url)
    assert page.status_code == 200
    assert b'alt="Three people, one arrow"' in page.content
    assert make_student("new").pk > max(user["id"] for user in before["users"])


def test_the_archive_is_private_named_by_date_and_says_what_it_holds(
    course_site, media_root, tmp_path
):
    folder = tmp_path / "backups"
    folder.mkdir()

    out = command("backup", "-o", folder)

    (archive,) = folder.iterdir()
    assert ARCHIVE_NAME.fullmatch(archive.name)
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds every account's data
    assert f"Wrote {archive}" in out
    assert f"Backed up {counted(snapshot(media_root))}" in out
    assert "and 3 media files" in out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["format"] == FORMAT
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["rows"][Attempt._meta.db_table] == 2
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["quizzes"] == sorted(n for a, n in applied if a == "quizzes")
    assert manifest["media"] == {
        "files": 3,
        "bytes": sum(map(len, media_bytes(media_root).values())),
    }
    assert sorted(manifest["files"]) == sorted(name for name in names if name != "manifest.json")
    assert settings.SECRET_KEY not in json.dumps(manifest)


@pytest.mark.parametrize("setting", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_a_backup_is_never_written_where_the_web_server_serves_files(setting):
    served = Path(getattr(settings, setting)) / "backups"
    served.mkdir(parents=True)

    with pytest.raises(CommandError, match=f"inside {setting}"):
        command("backup", "-o", served)

    assert list(served.iterdir()) == []


def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"last week's backup")

    with pytest.raises(CommandError, match="already exists"):
        command("backup", "-o", existing)

    assert existing.read_bytes() == b"last week's backup"


@pytest.fixture
def backed_up_then_changed(media_root, tmp_path):
    """A small site's backup, then life goes on: a new student and a new upload."""
    site_as_migrated()
    make_student("sam")
    a_picture()
    archive = back_up(tmp_path / "backups")
    make_student("late")
    Document.objects.create(title="Later", file=ContentFile(b"new\n", "later.txt"))
    return archive


def cut_short(archive):
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])


def flip_a_byte(archive):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def edit_the_picture(archive):
    rewrite(archive, member="media/original_images/handoff.png", data=b"not the picture")


def not_a_backup(archive):
    archive.write_bytes(b"PK\x03\x04 a zip file someone renamed")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (cut_short, "damaged or incomplete"),
        (flip_a_byte, "damaged"),  # caught by gzip's check or by the manifest's checksum
        (edit_the_picture, "handoff.png in .* does not match its checksum"),
        (not_a_backup, "damaged or incomplete"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(
    backed_up_then_changed, media_root, damage, message
):
    damage(backed_up_then_changed)
    before = snapshot(media_root)

    with pytest.raises(CommandError, match=f"{message}.*Nothing was changed"):
        command("restore", backed_up_then_changed, "--yes")

    assert snapshot(media_root) == before


def from_the_other_engine(manifest):
    manifest["database"]["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"


def of_a_newer_format(manifest):
    manifest["format"] = FORMAT + 1


def before_the_last_quizzes_migration(manifest):
    manifest["migrations"]["quizzes"].pop()


def from_newer_code(manifest):
    manifest["migrations"]["quizzes"].append("9999_from_the_future")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (from_the_other_engine, "holds a .* database and this site uses"),
        (of_a_newer_format, "made by a newer version of Soft Landing"),
        (before_the_last_quizzes_migration, "The database has migrations the backup does not"),
        (from_newer_code, "does not have its migrations quizzes.9999_from_the_future"),
    ],
)
def test_an_archive_this_site_cannot_take_is_refused_and_nothing_changes(
    backed_up_then_changed, media_root, change, message
):
    rewrite(backed_up_then_changed, manifest=change)
    before = snapshot(media_root)

    with pytest.raises(CommandError, match=f"{message}.*Nothing was changed"):
        command("restore", backed_up_then_changed, "--yes")

    assert snapshot(media_root) == before


@pytest.mark.parametrize("answer", ["no", EOFError])
def test_without_yes_a_site_with_data_is_replaced_only_when_someone_says_so(
    backed_up_then_changed, media_root, monkeypatch, answer
):
    def reply(prompt):
        if answer is EOFError:  # run from cron, with no one to ask
            raise EOFError
        return answer

    monkeypatch.setattr(builtins, "input", reply)
    before = snapshot(media_root)

    with pytest.raises(CommandError, match=re.escape("Restore cancelled. Nothing was changed.")):
        command("restore", backed_up_then_changed)

    assert snapshot(media_root) == before


def test_saying_yes_replaces_the_site_and_drops_what_came_after(
    backed_up_then_changed, media_root, monkeypatch
):
    questions = []
    monkeypatch.setattr(builtins, "input", lambda prompt: questions.append(prompt) or "yes")

    out = command("restore", backed_up_then_changed)

    assert "The database" in out and "holds 2 users" in out
    assert f"{media_root} holds 1 file the backup does not have." in out
    assert questions == ["Type yes to replace it: "]
    assert not get_user_model().objects.filter(username="late").exists()
    assert "later.txt" not in " ".join(media_bytes(media_root))
    assert "; 1 newer file removed." in out


# A fresh machine: the same code, an empty database and MEDIA_ROOT, run as the
# IT office runs it, in its own process.


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fresh_machine(tmp_path):
    """The environment of a new server: its own data folder and media, and on
    PostgreSQL its own empty database (created here, dropped afterwards)."""
    root = tmp_path / "fresh"
    env = {
        **os.environ,
        "DATA_DIR": str(root / "data"),
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
    }
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        yield env
        return
    name = f"softlanding_backup_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    yield env
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dumped(*, env=None):
    """The content as `dumpdata` writes it, here or on the fresh machine."""
    if env:
        return json.loads(manage("dumpdata", *CONTENT, env=env))
    out = io.StringIO()
    call_command("dumpdata", *CONTENT, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def before_certificates():
    """The site as it was before certificates came: their migration not yet run."""
    call_command("migrate", "certificates", "zero", verbosity=0)
    yield
    call_command("migrate", "certificates", verbosity=0)


def test_a_fresh_machine_with_newer_code_restores_an_older_backup_and_migrates_it(
    course_site, before_certificates, media_root, tmp_path, fresh_machine
):
    before = snapshot(media_root)
    archive = back_up(tmp_path / "backups")

    out = manage("restore", archive, env=fresh_machine)
    migrated = manage("migrate", env=fresh_machine)

    assert "Restoring replaces" not in out  # nothing there to lose, so nothing to ask
    assert f"The database holds {counted(before)}" in out
    assert "This code has 1 migration newer than the backup (certificates.0001_initial)" in out
    assert "Applying certificates.0001_initial... OK" in migrated
    assert dumped(env=fresh_machine) == dumped()
    assert media_bytes(fresh_machine["MEDIA_ROOT"]) == media_bytes(media_root)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write-ahead log")
def test_a_sqlite_backup_holds_what_was_just_saved_while_a_worker_writes(tmp_path, fresh_machine):
    data = Path(fresh_machine["DATA_DIR"])
    data.mkdir(parents=True)
    worker = sqlite3.connect(data / "softlanding.sqlite3", isolation_level=None)
    worker.execute("PRAGMA journal_mode=WAL")
    worker.execute("PRAGMA wal_autocheckpoint=0")  # what is saved stays in the -wal file
    worker.execute("CREATE TABLE auth_user (username TEXT, first_name TEXT)")
    worker.execute("INSERT INTO auth_user VALUES ('sam', 'Sam'), ('ana', 'Ana')")
    plain_copy = shutil.copy(data / "softlanding.sqlite3", tmp_path / "plain-copy.sqlite3")
    worker.execute("BEGIN IMMEDIATE")  # and a worker is half way through a write
    worker.execute("UPDATE auth_user SET first_name = 'Half' WHERE username = 'ana'")

    out = manage("backup", "-o", tmp_path, env=fresh_machine)

    worker.execute("ROLLBACK")
    assert "Backed up 2 users" in out
    (archive,) = tmp_path.glob("softlanding-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extract("database/softlanding.sqlite3", tmp_path, filter="data")
    names = "SELECT username, first_name FROM auth_user ORDER BY username"
    backed_up = sqlite3.connect(tmp_path / "database" / "softlanding.sqlite3").execute(names)
    assert backed_up.fetchall() == [("ana", "Ana"), ("sam", "Sam")]
    # Copying the database file would have lost both students.
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        sqlite3.connect(plain_copy).execute(names)
