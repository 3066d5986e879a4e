"""Certificates: proof that a student completed a course, which anyone can verify."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        """Let Wagtail know certificates point at courses.

        A course with certificates is protected from deletion; once Wagtail's
        reference index records certificates, the admin's delete page lists
        them and refuses, instead of failing on the database's refusal.
        """
        from wagtail.models import ReferenceIndex

        from certificates.models import Certificate

        ReferenceIndex.register_model(Certificate)
