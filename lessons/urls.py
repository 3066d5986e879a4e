"""Lesson actions a student takes outside the page itself."""

app_name = "lessons"
urlpatterns = []
