"""Who may do what to a course: granting and revoking the professor,
reviewer and instructor roles.

Wagtail gives page permissions to groups, and a permission on a page covers
its whole subtree. So every course has its own groups, "Professors: <course
title>" and "Reviewers: <course title>", holding page permissions on that
course page only; a professor or reviewer is a member of one of them and of
the base "Professors" group (admin access, images and documents; see
`course/migrations/0003_roles.py`). A professor of one course therefore never
gets an edit, publish, move or delete view of another.

The per-course groups may add, change, publish, lock and unlock pages in
their course, but not bulk-delete: without that Wagtail refuses to delete a
page that has children, so the course page itself cannot be thrown away in
one click. Emptying and deleting a course is an admin's job.

When the course is under "Review before publish" (`course.workflows`), its
professors lose publish, so the workflow is the only way their changes go
live; its reviewers keep it, because Wagtail publishes an approved change
with the approver's permissions. A reviewer is therefore a professor who may
also approve (and publish directly), and should be someone other than the
professors whose work they check.

The instructor role is site-wide: membership of "Instructors" opens the
Classes area of the admin, and which sections an instructor sees is decided
by each section's list of instructors (`classes.permissions`). Instructors
get no page permissions: Wagtail has no read-only permission for the admin's
page explorer, and they read every published lesson on the public site.
"""

import enum

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, WorkflowPage

PROFESSORS = "Professors"
INSTRUCTORS = "Instructors"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


class Role(enum.StrEnum):
    PROFESSOR = "professor"
    REVIEWER = "reviewer"
    INSTRUCTOR = "instructor"


# The name each per-course group starts with; the course title follows.
COURSE_GROUP_PREFIXES = {Role.PROFESSOR: "Professors: ", Role.REVIEWER: "Reviewers: "}


class RoleError(ValueError):
    """A grant that cannot be made, with a message for the person asking."""


def course_group(*, course, role=Role.PROFESSOR, create=True):
    """The group of `course`'s professors (or reviewers), found by its page
    permissions on the course so that renaming the course or the group does
    not lose it; made now when there is none and `create` is true, else None.
    """
    prefix = COURSE_GROUP_PREFIXES[Role(role)]
    group = (
        Group.objects.filter(name__startswith=prefix, page_permissions__page=course)
        .order_by("pk")
        .first()
    )
    if group is not None or not create:
        return group
    name = f"{prefix}{course.title}"[:150]
    if Group.objects.filter(name=name).exists():  # another course with the same title
        name = f"{prefix}{course.title} ({course.slug})"[:150]
    group = Group.objects.create(name=name)
    _sync(course=course, group=group, publish=role == Role.REVIEWER or not _reviewed(course))
    return group


def course_groups_sync(*, course):
    """Give the course's groups exactly the page permissions they should
    have now: everything in `PAGE_PERMISSIONS`, less publish for professors
    while the course is under review."""
    reviewed = _reviewed(course)
    for role in COURSE_GROUP_PREFIXES:
        group = course_group(course=course, role=role, create=False)
        if group is not None:
            _sync(course=course, group=group, publish=role == Role.REVIEWER or not reviewed)


@transaction.atomic
def course_grant(*, user, course, role):
    """Make `user` a professor, reviewer or instructor of `course`. Running
    it again changes nothing. Returns True if the user gained anything."""
    role = Role(role)
    before = set(user.groups.values_list("pk", flat=True))
    if role is Role.INSTRUCTOR:
        groups = [_base_group(INSTRUCTORS)]
    else:
        groups = [_base_group(PROFESSORS), course_group(course=course, role=role)]
        _mark_editor(user, True)
    user.groups.add(*groups)
    return not {group.pk for group in groups} <= before


def instructors_grant(*, users) -> None:
    """`course_grant`'s instructor role (site-wide) for every one of `users`,
    in two queries however many they are: for an LMS roster."""
    _base_group(INSTRUCTORS).user_set.add(*users)


def _mark_editor(user, edits):
    """`is_staff` marks the people who edit content, so the site shows them
    Wagtail's user bar (edit this page) without a permission query on every
    page every student views."""
    edits = edits or user.is_superuser
    if user.is_staff != edits:
        user.is_staff = edits
        user.save(update_fields=["is_staff"])


@transaction.atomic
def course_revoke(*, user, course, role):
    """Take the role on `course` away from `user`. Running it again changes
    nothing. Someone who still writes or reviews another course stays in the
    base "Professors" group. Returns True if the user lost anything."""
    role = Role(role)
    before = set(user.groups.values_list("pk", flat=True))
    if role is Role.INSTRUCTOR:
        user.groups.remove(*Group.objects.filter(name=INSTRUCTORS))
    else:
        group = course_group(course=course, role=role, create=False)
        if group is not None:
            user.groups.remove(group)
        still_writes = any(
            user.groups.filter(name__startswith=prefix).exists()
            for prefix in COURSE_GROUP_PREFIXES.values()
        )
        if not still_writes:
            user.groups.remove(*Group.objects.filter(name=PROFESSORS))
            _mark_editor(user, False)
    return set(user.groups.values_list("pk", flat=True)) != before


def _reviewed(course):
    return WorkflowPage.objects.filter(page=course).exists()


def _sync(*, course, group, publish):
    codenames = set(PAGE_PERMISSIONS) if publish else set(PAGE_PERMISSIONS) - {"publish_page"}
    GroupPagePermission.objects.filter(group=group, page=course).exclude(
        permission__codename__in=codenames
    ).delete()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        codename__in=codenames,
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=course, permission=permission)


def _base_group(name):
    """A group the migrations create; missing only if someone deleted it."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        raise RoleError(_('The "%(group)s" group is missing: run migrate.') % {"group": name})
    return group
