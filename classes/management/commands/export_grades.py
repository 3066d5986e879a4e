"""`python manage.py export_grades`: a section's grades as a file for an LMS or a spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from classes.cli import section_from_argument
from classes.exports import EXPORT_FORMATS, export_chunks


class Command(BaseCommand):
    help = (
        "Export a section's gradebook: canvas (Canvas import), moodle (Moodle import), "
        "csv (the full gradebook) or xlsx (the full gradebook and item analysis)."
    )

    def add_arguments(self, parser):
        parser.add_argument("section", help="The section's id or join code.")
        parser.add_argument(
            "--format", choices=list(EXPORT_FORMATS), default="csv", help="Default: csv."
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write to FILE instead of standard output."
        )

    def handle(self, *args, section, format, output, **options):
        section = section_from_argument(section)
        progress = _Progress(self.stderr)
        if output is None:
            binary = self._binary_stdout(format)
            for chunk in export_chunks(section=section, format=format, progress=progress):
                if binary is not None:
                    binary.write(chunk)
                else:  # a text stream, as in tests; CSV chunks are whole UTF-8 text
                    self.stdout.write(chunk.decode("utf-8"), ending="")
            self.stdout.flush()
            return
        path = Path(output)
        try:
            file = path.open("wb")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from error
        with file:
            try:
                for chunk in export_chunks(section=section, format=format, progress=progress):
                    file.write(chunk)
            except BaseException:
                file.close()
                path.unlink(missing_ok=True)  # never leave half a gradebook behind
                raise
        self.stderr.write(
            f"Wrote {progress.students} students to {path}", style_func=self.style.SUCCESS
        )

    def _binary_stdout(self, format):
        """Standard output's byte stream if it has one; xlsx insists on one that is not a
        terminal, since a zip file would only garble the screen."""
        binary = getattr(self.stdout, "buffer", None)
        if format == "xlsx" and (binary is None or self.stdout.isatty()):
            raise CommandError(
                "An xlsx workbook is a binary file and cannot go to the terminal; "
                "write it to a file with -o FILE."
            )
        return binary


class _Progress:
    """A tqdm bar on standard error that counts the students it lets through.

    `disable=None` turns the bar off when standard error is not a terminal,
    so a cron job or a pipe stays quiet.
    """

    def __init__(self, stderr):
        self.stream = _RawStream(stderr)
        self.students = 0

    def __call__(self, rows, *, total):
        bar = tqdm(
            rows, total=total, file=self.stream, disable=None, unit="student", desc="Exporting"
        )
        for row in bar:
            self.students += 1
            yield row


class _RawStream:
    """Django's command output adds a newline to every write and colours standard
    error as an error; tqdm redraws its line with a carriage return and must
    write exactly what it means."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, style_func=_plain, ending="")

    def flush(self):
        self.wrapper.flush()

    def isatty(self):
        return self.wrapper.isatty()


def _plain(text):
    return text
