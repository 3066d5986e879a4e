"""The form an admin registers a platform with."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiRegistration
from wagtail.admin.forms import WagtailAdminModelForm

from course.models import CoursePage
from lti.launch.models import RegistrationSettings
from lti.launch.registrations import OriginError, origin_clean, registration_save


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _address(name, help_text):
    """One of the platform's addresses: a web address, https unless typed otherwise."""
    field = LtiRegistration._meta.get_field(name)
    return forms.URLField(
        label=capfirst(field.verbose_name),
        max_length=field.max_length,
        assume_scheme="https",
        help_text=help_text,
    )


class RegistrationForm(WagtailAdminModelForm):
    """django-lti's registration fields, and what we keep beside them: the
    deployment ids (one per line), the origins that may frame us, and the
    course deep linking offers first. Saving goes through `registration_save`."""

    auth_url = _address(
        "auth_url", _("Also called authentication request URL, or OIDC authorization endpoint.")
    )
    token_url = _address("token_url", _("Also called access token URL, or OAuth2 token URL."))
    keyset_url = _address("keyset_url", _("Also called public keyset URL, or JWKS URL."))
    deployment_ids = forms.CharField(
        label=_("Deployment IDs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, as the LMS shows them. Launches from any other deployment are "
            "refused; removing one switches it off."
        ),
    )
    frame_origins = forms.CharField(
        label=_("Allowed framing origins"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, e.g. https://college.instructure.com: the addresses of the LMS "
            "pages that may show Soft Landing inside them. Empty: launches open in a "
            "window of their own."
        ),
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.live().order_by("title"),
        required=False,
        help_text=_(
            "The course deep linking offers to an LMS course that has not opened one yet. "
            "Empty: all courses."
        ),
    )

    class Meta:
        model = LtiRegistration
        fields = [
            "name",
            "issuer",
            "client_id",
            "audience",
            "auth_url",
            "token_url",
            "keyset_url",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        registration = self.instance
        if registration.pk is None:
            return
        deployments = registration.deployments.active().order_by("pk")
        self.initial["deployment_ids"] = "\n".join(d.deployment_id for d in deployments)
        settings = RegistrationSettings.objects.filter(registration=registration).first()
        if settings is not None:
            self.initial["frame_origins"] = "\n".join(settings.frame_origins)
            self.initial["course"] = settings.course_id

    def clean_deployment_ids(self):
        return _lines(self.cleaned_data["deployment_ids"])

    def clean_frame_origins(self):
        origins, errors = [], []
        for line in _lines(self.cleaned_data["frame_origins"]):
            try:
                origins.append(origin_clean(line))
            except OriginError as error:
                errors.append(str(error))
        if errors:
            raise ValidationError(errors)
        return origins

    def save(self, commit=True):
        return registration_save(
            registration=super().save(commit=False),
            deployment_ids=self.cleaned_data["deployment_ids"],
            frame_origins=self.cleaned_data["frame_origins"],
            course=self.cleaned_data["course"],
        )
