"""Classes: sections, enrollments, due dates, join codes and rosters, the gradebook."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("Classes")

    def ready(self):
        from classes import signals  # noqa: F401  (connects the roster receivers)
