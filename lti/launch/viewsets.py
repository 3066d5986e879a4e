"""LMS platforms in the Wagtail admin (Settings → LMS platforms): admins only.

An admin registers each LMS (Canvas, Moodle, Blackboard, D2L) with what its
administrator gives them, and sees on the same page the addresses to paste
into the LMS in return. The permissions are django-lti's model permissions,
which only superusers hold.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiRegistration
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lti.launch.forms import RegistrationForm
from lti.launch.registrations import tool_addresses


def tool_base_url(request) -> str:
    """Where platforms reach us: the LTI host name when there is one."""
    if settings.LTI_HOST:
        return f"https://{settings.LTI_HOST}"
    return f"{request.scheme}://{request.get_host()}"


class ToolAddressesPanel(Panel):
    """The addresses an LMS administrator pastes into the LMS, once there is a
    registration to name in them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lti/admin/tool_addresses.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance.pk is not None:
                context["addresses"] = tool_addresses(
                    registration=self.instance, base_url=tool_base_url(self.request)
                )
            return context


class RegistrationCreateView(generic.CreateView):
    def get_success_url(self):
        """Straight to the registration, where the addresses to paste now show."""
        return reverse("lti_registrations:edit", args=[self.object.pk])


class RegistrationViewSet(ModelViewSet):
    model = LtiRegistration
    edit_handler = ObjectList(
        [
            ToolAddressesPanel(heading=_("Addresses to paste into the LMS")),
            FieldPanel("name"),
            MultiFieldPanel(
                [
                    FieldPanel("issuer"),
                    FieldPanel("client_id"),
                    FieldPanel("deployment_ids"),
                ],
                heading=_("Who the LMS is"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("auth_url"),
                    FieldPanel("token_url"),
                    FieldPanel("keyset_url"),
                    FieldPanel("audience"),
                ],
                heading=_("The LMS's addresses"),
            ),
            FieldPanel("frame_origins"),
            FieldPanel("course"),
            FieldPanel("is_active"),
        ],
        base_form_class=RegistrationForm,
    )
    icon = "link"
    menu_label = _("LMS platforms (LTI)")
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = RegistrationCreateView
    search_fields = ["name", "issuer", "client_id"]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="lti_registrations:edit"),
        Column("issuer", label=_("Issuer")),
        Column("client_id", label=_("Client ID")),
        BooleanColumn("is_active", label=_("Active")),
    ]


registration_viewset = RegistrationViewSet("lti_registrations", url_prefix="lti/platforms")
