"""Admin screens of lti.launch: LMS platforms, and the roster sync of a section."""

from django.urls import path
from wagtail import hooks

from lti.launch.admin_views import RosterSyncView
from lti.launch.viewsets import registration_viewset


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("register_admin_urls")
def register_roster_sync_urls():
    """Beside the section's own pages, under the same prefix."""
    return [
        path(
            "classes/<int:pk>/lms-roster/sync/",
            RosterSyncView.as_view(),
            name="lti_roster_sync",
        ),
    ]
