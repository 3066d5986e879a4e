"""Addresses of lti.launch, under /lti/ (namespace "lti"): the ones platforms call."""

from django.urls import path

from lti.launch import views

urlpatterns = [
    path("login/<uuid:registration_uuid>/", views.login_initiation, name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", views.jwks, name="jwks"),
]
