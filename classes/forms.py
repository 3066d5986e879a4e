"""The one field a student fills in to join a class."""

from django import forms
from django.utils.translation import gettext_lazy as _


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=32,
        help_text=_("Your instructor gives you this code, e.g. ABCD-EFGH."),
    )
