"""The quiz editor's form: a random draw only from categories the editor may use.

The category chooser already offers a professor only their courses' and the
shared categories (`quizzes.permissions`); this refuses a posted category
of another course too, so nobody draws (and previews) another course's
questions by editing the form's data.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class QuizPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        questions = cleaned_data.get("questions")
        if questions is None or self.for_user is None:
            return cleaned_data
        from quizzes.permissions import categories_for

        chosen = {
            block.value["category"].pk
            for block in questions
            if block.block_type == "random_draw" and block.value["category"] is not None
        }
        allowed = set(
            categories_for(self.for_user, "view")
            .filter(pk__in=chosen)
            .values_list("pk", flat=True)
        )
        if chosen - allowed:
            self.add_error(
                "questions",
                _("Random questions can only come from your courses' or shared categories."),
            )
        return cleaned_data
