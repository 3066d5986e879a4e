"""A student's own account pages, beside allauth's: their data, deleting the account."""

from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("data/", views.data, name="data"),
    path("data/export.json", views.export_json, name="export_json"),
    path("data/export.csv", views.export_csv, name="export_csv"),
    path("delete/", views.delete, name="delete"),
]
