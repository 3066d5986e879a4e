"""Taking a quiz: start, answer, submit, see the result."""

from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("<int:quiz_id>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt, name="attempt"),
    path("attempts/<int:attempt_id>/save/", views.save, name="save"),
    path("attempts/<int:attempt_id>/answer/", views.autosave, name="autosave"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("attempts/<int:attempt_id>/result/", views.result, name="result"),
]
