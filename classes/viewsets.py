"""The Classes area of the Wagtail admin: the list of sections, their settings,
and the instructor's pages for one section (see `classes.instructor_views`).

Wagtail's generic views check what a person may do with sections in
general; every view here also narrows the sections it can reach to the ones
the person teaches (`classes.permissions.sections_for`), so another
section's pages answer 404.
"""

from django.forms import CheckboxSelectMultiple
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from classes import export_views, instructor_views, practice_views
from classes.forms import SectionForm
from classes.models import Section
from classes.permissions import sections_for
from classes.selectors import sections_listed
from classes.services import section_create


class TaughtSectionMixin:
    """A generic view of one section, found only among those the user teaches.

    History and usage list other things (log entries, references) through
    `get_queryset`, so only the lookup of the section itself is narrowed here.
    """

    section_action = "change"

    def get_base_object_queryset(self):
        return sections_for(self.request.user, self.section_action)


class TaughtSectionFormMixin(TaughtSectionMixin):
    """Edit and delete look their section up through `get_queryset`."""

    def get_queryset(self):
        return self.get_base_object_queryset()


class SectionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return sections_listed(sections_for(self.request.user))

    def get_edit_url(self, instance):
        # A section's name leads to its overview; settings are one click further.
        return reverse("classes_section:overview", args=[instance.pk])


class SectionCreateView(generic.CreateView):
    def save_instance(self):
        """Draw the join code through `section_create`, and make sure whoever creates
        a section teaches it (unless an admin set it up for others)."""
        data = self.form.cleaned_data
        instructors = list(data["instructors"])
        if not self.request.user.is_superuser or not instructors:
            instructors.append(self.request.user)
        return section_create(
            course=data["course"],
            name=data["name"],
            term=data["term"],
            instructors=instructors,
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            default_due_at=data["default_due_at"],
        )

    def get_success_url(self):
        return reverse("classes_section:overview", args=[self.object.pk])


class SectionEditView(TaughtSectionFormMixin, generic.EditView):
    pass


class SectionDeleteView(TaughtSectionFormMixin, generic.DeleteView):
    section_action = "delete"


class SectionHistoryView(TaughtSectionMixin, HistoryView):
    pass


class SectionUsageView(TaughtSectionMixin, UsageView):
    pass


class SectionViewSet(ModelViewSet):
    model = Section
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("name"),
            FieldPanel("term"),
            FieldPanel("instructors", widget=CheckboxSelectMultiple),
            MultiFieldPanel(
                [FieldPanel("opens_at"), FieldPanel("closes_at")],
                heading=_("Joining with the code"),
            ),
            FieldPanel("default_due_at"),
        ],
        base_form_class=SectionForm,
    )
    icon = "group"
    menu_label = _("Classes")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = SectionIndexView
    add_view_class = SectionCreateView
    edit_view_class = SectionEditView
    delete_view_class = SectionDeleteView
    history_view_class = SectionHistoryView
    usage_view_class = SectionUsageView
    search_fields = ["name", "term"]
    list_filter = ["term"]
    list_display = [
        TitleColumn("name", label=_("Section"), url_name="classes_section:overview"),
        Column("course", label=_("Course")),
        Column("term", label=_("Term")),
        Column("active_count", label=_("Students")),
        Column("pending_count", label=_("Awaiting sign-up")),
        Column("join_code_display", label=_("Join code")),
    ]

    def get_urlpatterns(self):
        """Wagtail's list and settings views, then the instructor's pages of one section."""
        views = instructor_views
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/", views.SectionOverviewView.as_view(), name="overview"),
            path("<int:pk>/roster/", views.RosterView.as_view(), name="roster"),
            path(
                "<int:pk>/roster/upload/", views.RosterUploadView.as_view(), name="roster_upload"
            ),
            path(
                "<int:pk>/roster/<int:enrollment_id>/status/",
                views.EnrollmentStatusView.as_view(),
                name="enrollment_status",
            ),
            path("<int:pk>/gradebook/", views.GradebookView.as_view(), name="gradebook"),
            path(
                "<int:pk>/gradebook/<int:enrollment_id>/",
                views.StudentRecordView.as_view(),
                name="student",
            ),
            path(
                "<int:pk>/quizzes/<int:quiz_id>/",
                views.ItemAnalysisView.as_view(),
                name="item_analysis",
            ),
            path("<int:pk>/practice/", practice_views.PracticeView.as_view(), name="practice"),
            path(
                "<int:pk>/practice/<int:enrollment_id>/",
                practice_views.StudentPracticeView.as_view(),
                name="student_practice",
            ),
            path("<int:pk>/due-dates/", views.DueDatesView.as_view(), name="due_dates"),
            *self.export_urlpatterns(),
            path("<int:pk>/join-code/", views.JoinCodeView.as_view(), name="join_code"),
        ]

    def export_urlpatterns(self):
        """Downloads, and the pages of exports written in the background."""
        views = export_views
        return [
            path("<int:pk>/export/<str:format>/", views.ExportView.as_view(), name="export"),
            path(
                "<int:pk>/exports/<int:job_id>/", views.ExportJobView.as_view(), name="export_job"
            ),
            path(
                "<int:pk>/exports/<int:job_id>/status/",
                views.ExportJobStatusView.as_view(),
                name="export_job_status",
            ),
            path(
                "<int:pk>/exports/<int:job_id>/download/",
                views.ExportJobDownloadView.as_view(),
                name="export_job_download",
            ),
        ]


section_viewset = SectionViewSet("classes_section", url_prefix="classes")
