"""Joining a class with a code: `/join/` and the shareable `/join/<code>/`."""

from django.urls import path

from classes import views

app_name = "classes"
urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.join_link, name="join_link"),
]
