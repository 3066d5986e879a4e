"""LTI 1.3: the course inside a college's LMS (Canvas, Moodle, Blackboard, D2L).

Built on django-lti (`lti_tool`: registrations, deployments, contexts,
resource links, line items and our key pairs) with two parts of our own:
`lti.launch` checks every launch strictly and turns it into an account and a
section; `lti.assignments` deep-links lessons and quizzes into the LMS course
and sends quiz grades back to its gradebook.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = _("LMS integration (LTI)")

    def ready(self):
        from lti.assignments import receivers  # noqa: F401  (connects grade passback)
