"""A student's own account pages, beside allauth's: their data, deleting the account."""

app_name = "accounts"
urlpatterns = []
