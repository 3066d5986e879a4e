"""The "Questions to review" report: quiz questions real students say need a look.

A question nearly everyone gets right teaches nothing and pads the grade; one
most get wrong is often a wrong key or a confusing wording; one strong and
weak students get right equally often does not measure what the course
teaches. Item analysis (`classes.analysis`) finds these per section; this
report pools every section's students so a professor sees them across the
course, once enough students (ten) have answered for the numbers to mean
something. Each professor sees only the quizzes they may edit.
"""

from dataclasses import dataclass

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from classes import analysis
from lessons.reports import PageEditorsMenuItem, SafeCellsExportMixin
from quizzes.models import QuizPage

MIN_STUDENTS = 10  # first attempts a question needs before it is judged
TOO_EASY = 0.95  # share right above which a question is too easy
TOO_HARD = 0.30  # share right below which a question is too hard
LOW_DISCRIMINATION = 0.1  # discrimination index below which a question does not discriminate


@dataclass(frozen=True)
class QuestionToReview:
    """One question of one quiz, with the numbers that flag it and why, in words."""

    quiz: QuizPage
    prompt: str  # plain text, as the latest attempts showed it
    students: int  # first attempts that were shown the question
    correct_share: float  # 0 to 1
    discrimination: float | None  # -1 to 1; None when it cannot be computed
    reasons: list[str]

    @property
    def quiz_title(self):
        return self.quiz.title

    @property
    def share_right(self):
        return f"{self.correct_share:.0%}"

    @property
    def discrimination_label(self):
        return "—" if self.discrimination is None else f"{self.discrimination:.2f}"

    @property
    def reason(self):
        return "; ".join(str(reason) for reason in self.reasons)


def review_reasons(question: analysis.QuestionAnalysis) -> list[str]:
    """Why a question needs a look, or nothing when it is fine or too few answered it."""
    if question.shown < MIN_STUDENTS or question.correct_share is None:
        return []
    reasons = []
    if question.correct_share > TOO_EASY:
        reasons.append(_("Too easy: almost everyone gets it right"))
    elif question.correct_share < TOO_HARD:
        reasons.append(_("Too hard: most students get it wrong"))
    if question.discrimination is not None and question.discrimination < LOW_DISCRIMINATION:
        reasons.append(_("Does not discriminate: strong students do no better than weak ones"))
    return reasons


def editable_quizzes(*, user):
    """The live quizzes `user` may edit, in page-tree (course) order: one query when read."""
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return QuizPage.objects.live().filter(pk__in=editable.values("pk")).order_by("path")


def questions_to_review(*, user) -> list[QuestionToReview]:
    """Flagged questions of the quizzes `user` may edit, in course and question order.

    Four queries: the quizzes, then their item analysis over every section.
    """
    flagged = []
    quizzes = editable_quizzes(user=user)
    for quiz_analysis in analysis.section_item_analysis(section=None, quizzes=quizzes):
        for question in quiz_analysis.questions:
            reasons = review_reasons(question)
            if reasons:
                flagged.append(
                    QuestionToReview(
                        quiz=quiz_analysis.quiz,
                        prompt=question.prompt,
                        students=question.shown,
                        correct_share=question.correct_share,
                        discrimination=question.discrimination,
                        reasons=reasons,
                    )
                )
    return flagged


class QuestionsToReviewView(SafeCellsExportMixin, ReportView):
    """The report in the admin's Reports menu, for people who may edit some page.

    Instructors who only teach sections have no page permissions and are
    turned away; a professor sees the quizzes their group may edit.
    """

    page_title = _("Questions to review")
    header_icon = "help"
    index_url_name = "classes_reports_questions_to_review"
    index_results_url_name = "classes_reports_questions_to_review_results"
    any_permission_required = ["add", "change", "publish"]
    no_results_message = _(
        "No question needs a look yet. Questions are judged once ten students have answered them."
    )
    columns = [
        TitleColumn(
            "quiz_title",
            label=_("Quiz"),
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.quiz.pk]),
        ),
        Column("prompt", label=_("Question")),
        Column("students", label=_("Students")),
        Column("share_right", label=_("Share right")),
        Column("discrimination_label", label=_("Discrimination")),
        Column("reason", label=_("Why")),
    ]
    list_export = ["quiz_title", "prompt", "students", "correct_share", "discrimination", "reason"]
    export_headings = {
        "quiz_title": _("Quiz"),
        "prompt": _("Question"),
        "students": _("Students"),
        "correct_share": _("Share right"),
        "discrimination": _("Discrimination"),
        "reason": _("Why"),
    }

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Page)

    def get_filename(self):
        return "questions-to-review"

    def get_queryset(self):
        return questions_to_review(user=self.request.user)


def admin_urls():
    """The report's page and the fragment Wagtail's listing reloads."""
    return [
        path(
            "reports/questions-to-review/",
            QuestionsToReviewView.as_view(),
            name="classes_reports_questions_to_review",
        ),
        path(
            "reports/questions-to-review/results/",
            QuestionsToReviewView.as_view(results_only=True),
            name="classes_reports_questions_to_review_results",
        ),
    ]


def menu_item():
    return PageEditorsMenuItem(
        _("Questions to review"),
        reverse("classes_reports_questions_to_review"),
        name="questions-to-review",
        icon_name="help",
        order=1160,
    )
