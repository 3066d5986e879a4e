"""The sign-up form with a name, and the form that confirms deleting an account."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import ratelimit
from django import forms
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 150  # Django's User.first_name and last_name


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, asking for the student's name first, and only here.

    Instructors read names in rosters and gradebooks, so they are asked for
    at the door rather than on a profile page nobody visits. allauth's
    adapter copies `first_name` and `last_name` from the cleaned data onto
    the user before its first save, so these fields need no code of their
    own. The last name is optional: some people go by one name.
    """

    first_name = forms.CharField(
        label=_("First name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Leave it empty if you go by one name."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def clean_first_name(self):
        first_name = self.cleaned_data["first_name"].strip()
        if not first_name:
            raise forms.ValidationError(_("Enter your first name."), code="required")
        return first_name

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, with a label that says what to type.

    With both email and username allowed, allauth labels the field "Login"
    and explains it only in a placeholder, which the site does not show
    (placeholders vanish as you type and are not labels).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email or username")


class AccountDeleteForm(forms.Form):
    """Proof that the person at the keyboard owns the account about to go.

    A session left open on a lab computer must not be enough to delete
    someone's work, so the form asks for the password, or for the email
    when the account has no password of its own. Tries count against
    allauth's "reauthenticate" rate limit, so the form cannot be used to
    guess the password either.
    """

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        if self.user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                help_text=_("Type your password to confirm it is you."),
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
        else:
            self.fields["email"] = forms.CharField(
                label=_("Your email address"),
                help_text=_("Type the email address of this account to confirm."),
                widget=forms.EmailInput(attrs={"autocomplete": "off"}),
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(
                _("Too many tries. Wait a minute, then try again."), code="rate_limited"
            )
        if "password" in self.fields:
            if not self.user.check_password(cleaned_data["password"]):
                self.add_error("password", _("That is not your password."))
        elif cleaned_data["email"].strip().lower() != self.user.email.lower():
            self.add_error("email", _("That is not the email address of this account."))
        return cleaned_data
