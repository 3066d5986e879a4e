"""The instructor's pages of one section, inside the Wagtail admin.

Overview (join code, charts), roster (progress, drop and reactivate, roster
upload with a preview), gradebook, one student's record, a quiz's item
analysis and due dates; the downloads are in `classes.export_views`. Every
view finds its section among those the signed-in person teaches
(`SectionMixin`), so another section answers 404; the rules themselves live
in services and selectors.
"""

import base64

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from classes import charts
from classes.analysis import quiz_item_analysis
from classes.exports import EXPORT_FORMATS
from classes.exports.jobs import export_runs_in_background
from classes.forms import DueDatesForm, RosterUploadForm
from classes.gradebook import section_gradebook
from classes.gradebook_table import gradebook_table
from classes.models import Enrollment, SectionItem
from classes.permissions import sections_for
from classes.rosters import RosterError, roster_import, roster_plan, roster_read
from classes.selectors import section_enrollment, section_roster, section_summary, student_record
from classes.services import (
    enrollment_status_set,
    section_due_dates_set,
    section_join_code_regenerate,
)
from course.selectors import course_items
from quizzes.models import QuizPage

ROSTER_PREVIEW_HOURS = 2  # how long a previewed roster can still be confirmed
GRADEBOOK_PAGE_SIZE = 100  # students per page of the gradebook


class SectionMixin(WagtailAdminTemplateMixin):
    """Finds the section in the URL among those the user teaches; adds the
    breadcrumbs and the section's tabs every page shows."""

    header_icon = "group"
    tab = None  # the name of this page's tab, for aria-current
    section_action = "view"

    def dispatch(self, request, *args, pk, **kwargs):
        self.section = get_object_or_404(
            sections_for(request.user, self.section_action).select_related("course"), pk=pk
        )
        return super().dispatch(request, *args, **kwargs)

    def section_url(self, name, *args):
        return reverse(f"classes_section:{name}", args=[self.section.pk, *args])

    def get_header_title(self):
        """The section's name heads every page, so a narrow screen still says which class."""
        if self.tab == "overview":
            return str(self.section)
        return f"{self.get_page_title()} · {self.section.name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("classes_section:index"), "label": _("Classes")},
            {"url": self.section_url("overview"), "label": str(self.section)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        context["tabs"] = [
            (name, label, self.section_url(name), name == self.tab)
            for name, label in (
                ("overview", _("Overview")),
                ("roster", _("Roster")),
                ("gradebook", _("Gradebook")),
                ("practice", _("Practice")),
                ("due_dates", _("Due dates")),
            )
        ]
        context["can_change"] = (
            sections_for(self.request.user, "change").filter(pk=self.section.pk).exists()
        )
        return context


class SectionOverviewView(SectionMixin, TemplateView):
    template_name = "classes/admin/overview.html"
    page_title = gettext_lazy("Overview")
    tab = "overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = section_summary(section=self.section)
        context["summary"] = summary
        context["join_url"] = self.request.build_absolute_uri(
            reverse("classes:join_link", args=[self.section.join_code_display])
        )
        context["progress_chart"] = charts.histogram(
            values=summary.progress, label=_("Share of the course done, per student")
        )
        context["score_charts"] = [
            (column, submitted, charts.histogram(values=scores, label=column.quiz.title))
            for column, scores, submitted in zip(
                summary.gradebook.quizzes, summary.scores, summary.submitted, strict=True
            )
        ]
        context["export_formats"] = EXPORT_FORMATS.values()
        context["export_in_background"] = export_runs_in_background(gradebook=summary.gradebook)
        return context


class RosterView(SectionMixin, TemplateView):
    template_name = "classes/admin/roster.html"
    page_title = gettext_lazy("Roster")
    tab = "roster"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roster"] = section_roster(section=self.section)
        context["upload_form"] = RosterUploadForm()
        return context


class EnrollmentStatusView(SectionMixin, View):
    """Drop a student, or bring a dropped one back (POST only)."""

    section_action = "change"

    def post(self, request, enrollment_id):
        enrollment = section_enrollment(section=self.section, enrollment_id=enrollment_id)
        status = request.POST.get("status")
        if enrollment is None or status not in Enrollment.Status.values:
            raise Http404
        enrollment_status_set(enrollment=enrollment, status=status)
        name = enrollment.student.get_full_name() or enrollment.student.username
        if status == Enrollment.Status.DROPPED:
            messages.success(
                request, _("%(name)s was dropped; their work is kept.") % {"name": name}
            )
        else:
            messages.success(request, _("%(name)s is back in the class.") % {"name": name})
        return HttpResponseRedirect(self.section_url("roster"))


def _roster_signer(section):
    return signing.TimestampSigner(salt=f"classes.roster:{section.pk}")


class RosterUploadView(SectionMixin, FormView):
    """Upload (POST with a file) shows a preview; confirming (POST with the
    signed preview) imports. Nothing is written until the instructor confirms,
    and then everything or nothing."""

    template_name = "classes/admin/roster_upload.html"
    page_title = gettext_lazy("Upload a roster")
    tab = "roster"
    section_action = "change"
    form_class = RosterUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        roster = roster_read(data)
        payload = _roster_signer(self.section).sign_object(
            base64.b64encode(data).decode("ascii"), compress=True
        )
        plan = roster_plan(section=self.section, roster=roster) if roster.is_valid else None
        return self.render_to_response(
            self.get_context_data(
                form=form,
                roster=roster,
                plan=plan,
                importable=plan is not None and plan.is_valid,
                payload=payload,
                filename=upload.name,
            )
        )

    def post(self, request, *args, **kwargs):
        if "payload" not in request.POST:
            return super().post(request, *args, **kwargs)
        try:
            encoded = _roster_signer(self.section).unsign_object(
                request.POST["payload"], max_age=ROSTER_PREVIEW_HOURS * 3600
            )
        except signing.BadSignature:
            messages.error(request, _("That preview has expired. Upload the file again."))
            return HttpResponseRedirect(self.section_url("roster_upload"))
        try:
            data = base64.b64decode(encoded)
            plan = roster_import(section=self.section, roster=roster_read(data))
        except RosterError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self.section_url("roster_upload"))
        messages.success(request, plan.summary)
        return HttpResponseRedirect(self.section_url("roster"))


class GradebookView(SectionMixin, TemplateView):
    template_name = "classes/admin/gradebook.html"
    page_title = gettext_lazy("Gradebook")
    tab = "gradebook"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gradebook = section_gradebook(section=self.section)
        paginator = Paginator(gradebook, GRADEBOOK_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context["gradebook"] = gradebook
        context["page_obj"] = page
        context["rows"] = gradebook_table(section=self.section, rows=page.object_list)
        context["export_formats"] = EXPORT_FORMATS.values()
        context["export_in_background"] = export_runs_in_background(gradebook=gradebook)
        return context


class EnrollmentMixin(SectionMixin):
    """A page about one student of the section: 404 for anyone not enrolled in it."""

    def dispatch(self, request, *args, enrollment_id, **kwargs):
        self.enrollment_id = enrollment_id
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.enrollment = section_enrollment(
            section=self.section, enrollment_id=self.enrollment_id
        )
        if self.enrollment is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    @property
    def student_name(self) -> str:
        student = self.enrollment.student
        if hasattr(student, "deleted_account"):
            return _("Deleted student")
        return student.get_full_name() or student.username


class StudentRecordView(EnrollmentMixin, TemplateView):
    template_name = "classes/admin/student.html"
    tab = "gradebook"

    def get_page_title(self):
        return self.student_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrollment"] = self.enrollment
        context["records"] = student_record(section=self.section, enrollment=self.enrollment)
        return context


class ItemAnalysisView(SectionMixin, TemplateView):
    template_name = "classes/admin/item_analysis.html"
    tab = "gradebook"

    def get(self, request, *args, quiz_id, **kwargs):
        self.quiz = (
            QuizPage.objects.child_of(self.section.course).live().filter(pk=quiz_id).first()
        )
        if self.quiz is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Item analysis: %(quiz)s") % {"quiz": self.quiz.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analysis = quiz_item_analysis(section=self.section, quiz=self.quiz)
        context["quiz"] = self.quiz
        context["analysis"] = analysis
        context["questions"] = [
            (
                question,
                charts.option_bars(
                    options=question.options,
                    label=_("Answers to question %(number)d") % {"number": question.position},
                ),
            )
            for question in analysis.questions
        ]
        return context


class DueDatesView(SectionMixin, FormView):
    template_name = "classes/admin/due_dates.html"
    page_title = gettext_lazy("Due dates")
    tab = "due_dates"

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            self.section_action = "change"
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        items = course_items(course=self.section.course)
        due_dates = dict(
            SectionItem.objects.filter(section=self.section).values_list("item_id", "due_at")
        )
        return DueDatesForm(**self.get_form_kwargs(), items=items, due_dates=due_dates)

    def form_valid(self, form):
        section_due_dates_set(section=self.section, due_dates=form.due_dates())
        messages.success(self.request, _("Due dates saved."))
        return HttpResponseRedirect(self.section_url("due_dates"))


class JoinCodeView(SectionMixin, View):
    """A new join code for the section (POST only); the old one stops working."""

    section_action = "change"

    def post(self, request):
        section_join_code_regenerate(section=self.section)
        messages.success(
            request,
            _(
                "New join code: %(code)s. The old code no longer works; students already in "
                "the class stay."
            )
            % {"code": self.section.join_code_display},
        )
        return HttpResponseRedirect(self.section_url("overview"))
