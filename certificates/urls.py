"""Certificate pages: the student's printable one and the public verification link."""

app_name = "certificates"
urlpatterns = []
