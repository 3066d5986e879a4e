"""Who may do what with the question bank: the rule its admin views enforce.

As in Moodle, where teachers manage their own course's question bank, a
professor manages the categories (and the questions in them) of the courses
whose pages they may edit, and nobody else's. Django's model permissions say
what kind of thing a person may do at all (the "Professors" group may add,
view, change and delete categories and questions); the course says which
ones. A category shared by every course (no course) may be seen and drawn
from by anyone who holds the bank's permissions, but only superusers change
or delete it, or the questions in it: one professor's edit would change every
course's quizzes. Superusers manage everything.

Which courses a person edits is Wagtail's page permission policy (a grant
from `course.roles.course_grant`), asked once per request as a subquery, so
a list of the bank costs the same whatever its length.
"""

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from course.models import CoursePage
from quizzes.banks import BankQuestion, QuestionCategory


def bank_courses(*, user):
    """The courses whose question bank `user` manages: those whose pages they may edit."""
    if not user.is_active:
        return CoursePage.objects.none()
    if user.is_superuser:
        return CoursePage.objects.all()
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return CoursePage.objects.filter(pk__in=editable.values("pk"))


class QuestionBankPermissionPolicy(ModelPermissionPolicy):
    """A model permission, narrowed to the courses the user edits: for a
    category, its course; for a question, its category's course."""

    def _course_id(self, instance):
        category = instance if isinstance(instance, QuestionCategory) else instance.category
        return category.course_id

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = [action for action in actions if self.user_has_permission(user, action)]
        if not actions:
            return False
        if user.is_superuser:
            return True
        course_id = self._course_id(instance)
        if course_id is None:
            return "view" in actions
        return bank_courses(user=user).filter(pk=course_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        actions = [action for action in actions if self.user_has_permission(user, action)]
        if not actions:
            return self.model.objects.none()
        if user.is_superuser:
            return self.model.objects.all()
        allowed = Q(course__in=bank_courses(user=user).values("pk"))
        if "view" in actions:
            allowed |= Q(course__isnull=True)
        if self.model is QuestionCategory:
            return QuestionCategory.objects.filter(allowed)
        # Through the category, which the admin's search may filter by.
        categories = QuestionCategory.objects.filter(allowed).values("pk")
        return self.model.objects.filter(category__in=categories)


category_permission_policy = QuestionBankPermissionPolicy(QuestionCategory)
question_permission_policy = QuestionBankPermissionPolicy(BankQuestion)


def categories_for(user, action="change"):
    """The categories `user` may `action` ("view" adds the shared ones): a queryset."""
    return category_permission_policy.instances_user_has_permission_for(user, action)
