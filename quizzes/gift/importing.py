"""Importing a GIFT file into a course's question bank, and exporting back to GIFT.

`gift_import()` is the one write: the command and the admin upload both call
it. It reads the file with `gift_parse()` first and writes nothing while the
file has errors, unless the professor chose to skip the questions that could
not be read; questions of kinds we have no block for are always listed with
their line and left out. Everything is written in one transaction, so an
import is all or nothing, in a fixed number of queries plus two a question
for Wagtail's reference index.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from quizzes.bank_history import BankLogEntry
from quizzes.banks import BankQuestion, QuestionCategory

from .parser import GiftError, GiftFile, GiftQuestion, GiftWarning, Skipped, gift_parse
from .writer import ExportQuestion, gift_write

UNCATEGORISED = "Imported"  # the category of questions a file puts in none, when none is given
# The history entry of a question that came from a file (registered in quizzes.wagtail_hooks).
IMPORT_LOG_ACTION = "quizzes.gift_import"


class GiftImportRefused(Exception):
    """The file has errors and the professor did not choose to skip them."""

    def __init__(self, report):
        self.report = report
        super().__init__(_("The file has errors; nothing was imported."))


@dataclass
class ImportReport:
    """What an import did, or would do: for the command's output and the admin's preview."""

    questions: list[GiftQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)
    warnings: list[GiftWarning] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # names, in file order
    created_categories: list[str] = field(default_factory=list)
    quiz: object = None  # the new draft QuizPage, if one was asked for
    written: bool = False
    skip_errors: bool = False

    @property
    def blocked(self) -> bool:
        """True when errors stop the import (the professor did not skip them)."""
        return bool(self.errors) and not self.skip_errors


def gift_import(
    *,
    course,
    text: str,
    category: str | None = None,
    into_quiz_title: str | None = None,
    skip_errors: bool = False,
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Add the questions of a GIFT file to `course`'s question bank.

    Each question goes to the category its `$CATEGORY:` line names, or to
    `category` when given (which wins over the file), or to "Imported".
    Categories are the course's own and are created when missing. With
    `into_quiz_title`, a new draft quiz under the course holds the same
    questions, in file order, for the professor to review and publish.
    Every new question starts with a first revision, made by `user` (the
    professor who uploaded the file; None from the command line), as if it
    had been saved in the admin. Raises GiftImportRefused (with the report)
    when the file has errors and `skip_errors` is false; with `dry_run`,
    returns the report and writes nothing.
    """
    parsed: GiftFile = gift_parse(text)
    report = ImportReport(
        questions=parsed.questions,
        skipped=parsed.skipped,
        errors=parsed.errors,
        warnings=parsed.warnings,
        skip_errors=skip_errors,
    )
    for question in parsed.questions:
        name = _category_name(question, category)
        if name not in report.categories:
            report.categories.append(name)
    if report.blocked:
        raise GiftImportRefused(report)
    if dry_run or not parsed.questions:
        return report
    with transaction.atomic():
        categories = _categories(course=course, names=report.categories, report=report)
        questions = BankQuestion.objects.bulk_create(
            BankQuestion(
                category=categories[_category_name(question, category)],
                title=question.title[:255] or _("Untitled question"),
                question=[(question.block_type, question.value)],
            )
            for question in parsed.questions
        )
        _first_revisions(questions=questions, user=user)
        _indexes(questions)
        if into_quiz_title:
            report.quiz = _draft_quiz(
                course=course, title=into_quiz_title, parsed=parsed, user=user
            )
    report.written = True
    return report


def _category_name(question: GiftQuestion, given: str | None) -> str:
    return (given or question.category or UNCATEGORISED).strip()[:255]


def _categories(*, course, names, report):
    existing = {
        row.name: row for row in QuestionCategory.objects.filter(course=course, name__in=names)
    }
    missing = [
        QuestionCategory(course=course, name=name) for name in names if name not in existing
    ]
    QuestionCategory.objects.bulk_create(missing)
    report.created_categories = [row.name for row in missing]
    # bulk_create sets primary keys on SQLite and PostgreSQL; read back to be sure.
    return {
        row.name: row for row in QuestionCategory.objects.filter(course=course, name__in=names)
    }


def _first_revisions(*, questions, user):
    """Give each new question the revision and history entry that saving it
    in the admin would have, in three queries however many there are.

    `bulk_create` saves no revision and logs nothing, so without this an
    imported question has no `latest_revision` and an empty history. The
    rows are built as `RevisionMixin.save_revision` builds them (bulk_create
    sets the new primary keys on SQLite and PostgreSQL). Each history entry
    says the question was imported, and has no uuid: Wagtail shows one entry
    per uuid and action across all objects, so a shared one would leave
    every question but one with an empty history.
    """
    now = timezone.now()
    content_type = BankQuestion.get_content_type()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=BankQuestion.get_base_content_type(),
            object_id=str(question.pk),
            created_at=now,
            user=user,
            content=question.serializable_data(),
            object_str=str(question),
        )
        for question in questions
    )
    for question, revision in zip(questions, revisions, strict=True):
        question.latest_revision = revision
    BankQuestion.objects.bulk_update(questions, ["latest_revision"])
    BankLogEntry.objects.bulk_create(
        BankLogEntry(
            content_type=content_type,
            object_id=str(question.pk),
            course_id=question.category.course_id,
            label=str(question),
            action=IMPORT_LOG_ACTION,
            timestamp=now,
            user=user,
            revision=question.latest_revision,
            content_changed=True,
        )
        for question in questions
    )


def _indexes(questions):
    """Index the new questions as saving each would: `bulk_create` sends no
    signal, so Wagtail indexes neither their words for the bank's search nor
    their category in its reference index, and a category holding only
    imported questions would look unused and offer to be deleted.

    Search takes the questions at once; Wagtail's reference index has no bulk
    form, so it costs a few queries a question (an import is a one-off, not
    a page).
    """
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(BankQuestion, questions)
    for question in questions:
        ReferenceIndex.create_or_update_for_object(question)


def _draft_quiz(*, course, title, parsed, user):
    from quizzes.models import QuizPage  # models import this package's siblings

    quiz = QuizPage(
        title=title,
        slug=_free_slug(course, slugify(title) or "quiz"),
        questions=[(question.block_type, question.value) for question in parsed.questions],
        live=False,
    )
    course.add_child(instance=quiz)
    quiz.save_revision(user=user)
    return quiz


def _free_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def category_export(*, category) -> str:
    """GIFT for every question of a bank category, in title order."""
    return gift_write(
        ExportQuestion(
            question.title, question.block.block_type, question.block.value, category.name
        )
        for question in category.questions.order_by("title", "pk")
        if question.block is not None
    )


def quiz_export(*, quiz) -> str:
    """GIFT for a quiz's own questions, in its order.

    A random draw has no GIFT form and is left out; its category can be
    exported on its own.
    """
    return gift_write(
        ExportQuestion("", block.block_type, block.value, "")
        for block in quiz.questions
        if block.block_type != "random_draw"
    )
