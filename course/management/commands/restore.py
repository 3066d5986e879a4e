"""`python manage.py restore FILE [--yes]`: put a backup back, database and uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from course.backups.archive import BackupError
from course.backups.services import backup_restore, rows_summary, size_text


class Command(BaseCommand):
    help = (
        "Replace the database and the files under MEDIA_ROOT with a backup made by `backup`. "
        "The archive is checked completely first; if anything is wrong, nothing changes. "
        "Stop the site first, and run `migrate` after."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FILE", help="A .tar.gz made by `backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace a database that is not empty without asking (for scripts).",
        )

    def handle(self, *args, archive, yes, **options):
        try:
            report = backup_restore(
                path=Path(archive), confirm=lambda question: yes or self._ask(question)
            )
        except BackupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        manifest, media = report.manifest, report.manifest["media"]
        files = ngettext("%(count)s file", "%(count)s files", media["files"]) % {
            "count": f"{media['files']:,}"
        }
        removed = report.files_removed and ngettext(
            "; %(count)s newer file removed",
            "; %(count)s newer files removed",
            report.files_removed,
        ) % {"count": f"{report.files_removed:,}"}
        self.stdout.write(
            f"Restored the backup made {manifest['created_at']} "
            f"(Soft Landing {manifest['soft_landing']})."
        )
        self.stdout.write(
            f"The database holds {rows_summary(report.rows)}; MEDIA_ROOT holds {files} from "
            f"the backup ({size_text(media['bytes'])}){removed or ''}."
        )
        if report.pending_migrations:
            count = len(report.pending_migrations)
            self.stdout.write(
                ngettext(
                    "This code has %(count)s migration newer than the backup",
                    "This code has %(count)s migrations newer than the backup",
                    count,
                )
                % {"count": count}
                + f" ({', '.join(report.pending_migrations)}): run `python manage.py migrate` "
                "before starting the site.",
                style_func=self.style.WARNING,
            )
        else:
            self.stdout.write(
                "The database matches this code's migrations.", style_func=self.style.SUCCESS
            )

    def _ask(self, question):
        self.stdout.write(question)
        try:
            answer = input("Type yes to replace it: ")
        except EOFError:  # no one at the keyboard (cron, a pipe): no means no
            return False
        return answer.strip().lower() == "yes"
