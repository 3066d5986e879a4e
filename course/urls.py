"""The site's URLs: the Wagtail admin, media, the dashboard, and every page by its path.

Every password is typed into allauth's forms, which count failures and lock
an account after too many (`ACCOUNT_RATE_LIMITS` in settings). Wagtail has
sign-in and password-reset forms of its own that count nothing, so their
addresses lead to allauth's instead; they come first, ahead of the admin's
and Wagtail's own URLs.
"""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from course import search, views

sign_in = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    # Wagtail's admin sign-in, its front-end sign-in (for private pages and
    # documents), and its admin password reset, which mails without a limit.
    path("admin/login/", sign_in),
    path("_util/login/", sign_in),
    re_path(
        r"^admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("lessons/", include("lessons.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded images are served by the app itself so one machine needs no
    # other web server; a larger deployment points MEDIA_URL at object storage.
    # Only the image folders, one file name deep: documents go through
    # Wagtail's view, which checks collection privacy, and no folder is listed.
    re_path(
        r"^{}(?P<path>(?:original_images|images)/[^/]+)$".format(settings.MEDIA_URL.lstrip("/")),
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("join/", include("classes.urls")),
    path("certificates/", include("certificates.urls")),
    path("lti/", include("lti.urls")),
    path("search/", search.search, name="search"),
    path("", include(wagtail_urls)),
]
