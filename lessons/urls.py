"""Lesson actions a student takes outside the page itself."""

from django.urls import path

from lessons import views

app_name = "lessons"
urlpatterns = [
    path("<int:lesson_id>/complete/", views.complete, name="complete"),
    path("<int:lesson_id>/practice/<slug:key>/", views.practice, name="practice"),
    path("drafts/<int:draft_id>/", views.draft, name="draft"),
]
