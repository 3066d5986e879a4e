"""Addresses of lti.assignments on the site, under /lti/ (namespace "lti")."""

from django.urls import path

from lti.assignments import views

urlpatterns = [
    path("deep-linking/", views.deep_link_choose, name="deep_link_choose"),
]
