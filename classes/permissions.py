"""Who may do what with a section: the rule the Classes admin area enforces.

Django's model permissions say what kind of thing a person may do at all
(the "Instructors" group may add, view and change sections); teaching a
section says which sections. An instructor therefore sees, changes and
exports only the sections they teach, and another section's pages answer
404 as if it did not exist. Superusers see every section. Deleting a
section (and with it every enrollment) is left to those given the delete
permission explicitly, which the Instructors group is not.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from classes.models import Section


class SectionPermissionPolicy(ModelPermissionPolicy):
    def __init__(self):
        super().__init__(Section)

    def _teaches(self, user, section) -> bool:
        return section.instructors.filter(pk=user.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return user.is_superuser or self._teaches(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Section.objects.none()
        if user.is_superuser:
            return Section.objects.all()
        return Section.objects.filter(instructors=user)


section_permission_policy = SectionPermissionPolicy()


def sections_for(user, action="view"):
    """The sections `user` may `action` ("view", "change", "delete"): a queryset."""
    actions = ["view", "change"] if action == "view" else [action]
    return section_permission_policy.instances_user_has_any_permission_for(user, actions)
