"""Admin screens of lti.assignments: the grades sent to the LMS, per section."""

from django.urls import path
from wagtail import hooks

from lti.assignments import admin_views


@hooks.register("register_admin_urls")
def register_score_post_urls():
    """Beside the section's own pages, under the same prefix."""
    return [
        path(
            "classes/<int:pk>/lms-grades/",
            admin_views.ScorePostsView.as_view(),
            name="lti_score_posts",
        ),
        path(
            "classes/<int:pk>/lms-grades/<int:post_id>/resend/",
            admin_views.ScorePostResendView.as_view(),
            name="lti_score_post_resend",
        ),
    ]
