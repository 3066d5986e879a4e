"""The instructor's practice pages of a section: who has practised writing
messages and how their drafts improved, and one student's drafts with what
the coach said about each.

They find the section among those the signed-in person teaches, and the
student among the section's enrollments, so another section's students (or
anyone not in a class they teach) answer 404. A student's drafts are read
here only: `lessons` shows each student their own.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from classes.instructor_views import EnrollmentMixin, SectionMixin
from classes.practice import section_practice, student_practice


class PracticeView(SectionMixin, TemplateView):
    template_name = "classes/admin/practice.html"
    page_title = gettext_lazy("Practice")
    tab = "practice"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        practice = section_practice(section=self.section, page=self.request.GET.get("p"))
        context["practice"] = practice
        context["page_obj"] = practice.page
        return context


class StudentPracticeView(EnrollmentMixin, TemplateView):
    template_name = "classes/admin/student_practice.html"
    tab = "practice"

    def get_page_title(self):
        return _("Practice: %(name)s") % {"name": self.student_name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrollment"] = self.enrollment
        context["exercises"] = student_practice(
            section=self.section, enrollment=self.enrollment, request=self.request
        )
        return context
