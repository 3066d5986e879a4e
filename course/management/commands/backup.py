"""`python manage.py backup [-o FILE]`: the database and uploaded files in one archive."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from course.backups.archive import BackupError
from course.backups.services import backup_create, rows_summary, size_text


class Command(BaseCommand):
    help = (
        "Back up the database and every file under MEDIA_ROOT into one .tar.gz archive "
        "(readable by its owner only) that `restore` puts back. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help=(
                "The archive to write, or a folder to write softlanding-YYYYMMDD-HHMMSS.tar.gz "
                "in (default: the current folder)."
            ),
        )

    def handle(self, *args, output, **options):
        try:
            path, manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = manifest["media"]
        self.stdout.write(
            f"Backed up {rows_summary(manifest['rows'])} and "
            + ngettext("%(count)s media file", "%(count)s media files", media["files"])
            % {"count": f"{media['files']:,}"}
            + f" ({size_text(media['bytes'])})."
        )
        self.stdout.write(
            f"Wrote {path} ({size_text(path.stat().st_size)}).", style_func=self.style.SUCCESS
        )
