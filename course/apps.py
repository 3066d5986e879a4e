"""The Soft Landing project and the course itself: catalog, course page, bundled content."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "course"
    verbose_name = _("Course")

    def ready(self):
        from course import signals

        signals.connect()
