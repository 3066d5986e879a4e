"""The question bank's snippet views, narrowed to the courses the user edits.

Wagtail's generic views check what a person may do with categories and
questions in general; these also look each one up through the bank's
permission policy (`quizzes.permissions`), so another course's category or
question answers 404 as if it did not exist, its lists leave it out, and
the forms offer only the user's own courses and categories.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser, snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.models import BankQuestion, QuestionCategory
from quizzes.permissions import bank_courses, categories_for

BANK_ACTIONS = ["add", "change", "delete", "view"]


class OwnCourseObjectMixin:
    """Turns away whoever may not `object_actions` anything of the bank (an
    instructor), then answers 404 for an object of a course the user does
    not edit, as if it did not exist."""

    object_actions = ["change"]

    def get_object(self, *args, **kwargs):
        if not self.permission_policy.user_has_any_permission(
            self.request.user, self.object_actions
        ):
            raise PermissionDenied
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, self.object_actions, instance
        ):
            raise Http404
        return instance


def own_rows(policy, user):
    """What a bank list and its bulk actions show: what the user may change or
    delete, their courses' bank."""
    return policy.instances_user_has_any_permission_for(user, ["change", "delete"])


class IndexView(snippets.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset() & own_rows(self.permission_policy, self.request.user)


class BankDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, narrowed like the list it is started from.

    Wagtail's own asks the policy of each row and names the ones the user
    may not delete; this one leaves another course's rows out altogether, as
    if they did not exist, so their titles never show (even for `id=all`).
    Registered after Wagtail's, which it replaces for the bank's models.
    """

    models = [BankQuestion, QuestionCategory]

    def get_queryset(self, model, object_ids):
        return get_list_or_404(
            own_rows(self.permission_policy, self.request.user), pk__in=object_ids
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return own_rows(self.permission_policy, self.request.user).values_list("pk", flat=True)


class EditView(OwnCourseObjectMixin, snippets.EditView):
    pass


class DeleteView(OwnCourseObjectMixin, snippets.DeleteView):
    object_actions = ["delete"]


class CopyView(OwnCourseObjectMixin, snippets.CopyView):
    pass


class UsageView(OwnCourseObjectMixin, snippets.UsageView):
    pass


class HistoryView(OwnCourseObjectMixin, snippets.HistoryView):
    pass


class RevisionsCompareView(OwnCourseObjectMixin, snippets.RevisionsCompareView):
    pass


# The lists' filters name only what the user manages.


def _own_courses(request):
    return bank_courses(user=request.user).order_by("title")


def _own_categories(request):
    return categories_for(request.user).order_by("name")


class CategoryFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=_own_courses)

    class Meta:
        model = QuestionCategory
        fields = ["course"]


class BankQuestionFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=_own_categories)

    class Meta:
        model = BankQuestion
        fields = ["category"]


class BankViewSet(SnippetViewSet):
    """A snippet viewset whose views are narrowed by the model's permission policy."""

    list_select_related = ()  # what the list's columns show of other rows, in its one query

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    copy_view_class = CopyView
    usage_view_class = UsageView
    history_view_class = HistoryView
    revisions_compare_view_class = RevisionsCompareView

    def get_queryset(self, request):
        return self.model._default_manager.select_related(*self.list_select_related)


# Forms


class CategoryForm(WagtailAdminModelForm):
    """A professor files a category under one of their courses; only a
    superuser may leave it empty (shared by every course)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not user.is_superuser:
            field = self.fields["course"]
            field.queryset = bank_courses(user=user).order_by("title")
            field.required = True
            field.empty_label = None


class BankQuestionForm(WagtailAdminModelForm):
    """A question goes into a category the user may change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["category"].queryset = categories_for(self.for_user).select_related(
                "course"
            )


# The category chooser (a quiz's random draw picks its category with it)


class ChooserPermissionMixin:
    """Instructors and others without the bank's permissions are refused; the
    rest choose among their courses' categories and the shared ones."""

    def dispatch(self, request, *args, **kwargs):
        if not self.bank_policy.user_has_any_permission(request.user, BANK_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def bank_policy(self):
        return policy_registry.get_by_type(self.model_class)

    def choosable(self):
        return self.bank_policy.instances_user_has_permission_for(self.request.user, "view")


class ChooseView(ChooserPermissionMixin, chooser.ChooseView):
    def get_object_list(self):
        return self.choosable()


class ChooseResultsView(ChooserPermissionMixin, chooser.ChooseResultsView):
    def get_object_list(self):
        return self.choosable()


class ChosenView(ChooserPermissionMixin, chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.choosable().get(pk=pk)


class ChosenMultipleView(ChooserPermissionMixin, chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.choosable().filter(pk__in=pks)


class CreateView(ChooserPermissionMixin, chooser.SnippetCreateView):
    pass


class CategoryChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView
    choose_one_text = _("Choose a question category")
