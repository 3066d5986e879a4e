"""Registers the question bank with the Wagtail admin; the rules live elsewhere."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from quizzes import admin_views, bank_views
from quizzes.bank_history import BankLogEntry
from quizzes.gift.importing import IMPORT_LOG_ACTION
from quizzes.models import BankQuestion, QuestionCategory, QuizPage
from quizzes.permissions import category_permission_policy, question_permission_policy

MENU_HOOK = "register_question_bank_menu_item"

# Before the viewsets register, or Wagtail makes a plain model policy for them.
register_permission_policy(QuestionCategory, category_permission_policy)
register_permission_policy(BankQuestion, question_permission_policy)


class QuestionCategoryViewSet(bank_views.BankViewSet):
    model = QuestionCategory
    icon = "folder-open-1"
    menu_label = _("Categories")
    list_display = ["name", "course"]
    filterset_class = bank_views.CategoryFilterSet
    list_select_related = ["course"]
    search_fields = ["name"]
    chooser_viewset_class = bank_views.CategoryChooserViewSet
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("course", widget=forms.Select)],
        base_form_class=bank_views.CategoryForm,
    )


class BankQuestionViewSet(bank_views.BankViewSet):
    model = BankQuestion
    icon = "help"
    menu_label = _("Questions")
    list_display = ["title", "category", "updated_at"]
    filterset_class = bank_views.BankQuestionFilterSet
    list_select_related = ["category"]
    edit_handler = ObjectList(
        [
            FieldPanel("category", widget=forms.Select),
            FieldPanel("title"),
            FieldPanel("question"),
        ],
        base_form_class=bank_views.BankQuestionForm,
    )

    def register_chooser_viewset(self):
        """No block or form chooses a single bank question, so it has no chooser."""


class QuestionBankGroup(SnippetViewSetGroup):
    items = (BankQuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
    menu_order = 250
    submenu_hook = MENU_HOOK


register_snippet(QuestionBankGroup)
# After Wagtail's own bulk delete (order 0), so this one replaces it for the bank.
hooks.register("register_bulk_action", bank_views.BankDeleteBulkAction, order=1)


@hooks.register("register_admin_urls")
def register_question_bank_urls():
    return [
        path(
            "question-bank/import/",
            admin_views.GiftImportView.as_view(),
            name="quizzes_gift_import",
        ),
        path(
            "question-bank/categories/<int:pk>/gift/",
            admin_views.CategoryExportView.as_view(),
            name="quizzes_category_gift",
        ),
        path(
            "question-bank/quizzes/<int:pk>/gift/",
            admin_views.QuizExportView.as_view(),
            name="quizzes_quiz_gift",
        ),
    ]


@hooks.register("register_log_actions")
def register_question_bank_logs(actions):
    actions.register_model(BankQuestion, BankLogEntry)
    actions.register_model(QuestionCategory, BankLogEntry)
    actions.register_action(
        IMPORT_LOG_ACTION, _("Import from GIFT"), _("Imported from a GIFT file")
    )


@hooks.register(MENU_HOOK)
def register_gift_import_menu_item():
    return MenuItem(
        _("Import GIFT"), reverse("quizzes_gift_import"), icon_name="upload", order=100
    )


@hooks.register("register_snippet_listing_buttons")
def category_export_button(snippet, user, next_url=None):
    if isinstance(snippet, QuestionCategory):
        yield Button(
            _("Export as GIFT"),
            reverse("quizzes_category_gift", args=[snippet.pk]),
            icon_name="download",
            priority=50,
        )


@hooks.register("register_page_header_buttons")
def quiz_export_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, QuizPage):
        yield Button(
            _("Export as GIFT"),
            reverse("quizzes_quiz_gift", args=[page.pk]),
            icon_name="download",
            priority=80,
        )
