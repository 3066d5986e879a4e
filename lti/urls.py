"""Every LTI address sits under /lti/, the prefix platforms are given."""

from django.urls import include, path

app_name = "lti"

urlpatterns = [
    path("", include("lti.launch.urls")),
    path("", include("lti.assignments.urls")),
]
