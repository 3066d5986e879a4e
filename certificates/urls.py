"""Certificate pages: the student's printable one and the public verification link."""

from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("claim/<int:course_id>/", views.claim, name="claim"),
    path("<slug:code>/", views.detail, name="detail"),
]
