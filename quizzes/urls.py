"""Taking a quiz: start, answer, submit, see the result."""

app_name = "quizzes"
urlpatterns = []
