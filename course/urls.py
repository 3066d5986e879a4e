"""The site's URLs: the Wagtail admin, media, the dashboard, and every page by its path."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from course import search, views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("lessons/", include("lessons.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded images are served by the app itself so one machine needs no
    # other web server; a larger deployment points MEDIA_URL at object storage.
    re_path(
        r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("join/", include("classes.urls")),
    path("certificates/", include("certificates.urls")),
    path("search/", search.search, name="search"),
    path("", include(wagtail_urls)),
]
