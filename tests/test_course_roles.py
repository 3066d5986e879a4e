"""Professors write their own course and nobody else's; instructors teach.

Each rule is tried through the admin, the way a person meets it: professor
A opens, saves and publishes a lesson of course A, and is turned away from
every edit, publish, move, delete and add view of course B.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from course.roles import Role, course_grant, course_group, course_revoke
from lessons.models import LessonPage
from tests.factories import catalog, make_course, make_lesson, make_student

pytestmark = pytest.mark.django_db


def person(username, email):
    user = make_student(username)
    user.email = email
    user.save(update_fields=["email"])
    return user


def lesson_form(lesson, text="Revised text."):
    return {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "estimated_minutes": "7",
        "body-count": "1",
        "body-0-type": "text",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"'
        + text
        + '","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
    }


@pytest.fixture
def course_a():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def course_b():
    return make_course(title="Salary Talks", slug="salary-talks")


@pytest.fixture
def lesson_a(course_a):
    return make_lesson(course_a, title="The handoff", slug="handoff")


@pytest.fixture
def lesson_b(course_b):
    return make_lesson(course_b, title="Asking for more", slug="asking")


@pytest.fixture
def paul(course_a):
    """Professor of course A only."""
    user = person("paul", "paul@example.edu")
    course_grant(user=user, course=course_a, role=Role.PROFESSOR)
    return user


@pytest.fixture
def as_paul(client, paul):
    client.force_login(paul)
    return client


def refused(response):
    """Wagtail turns a user away with a 403, or with a redirect to the
    dashboard carrying its permission-denied message."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


# Granting and revoking


def test_granting_twice_is_the_same_as_granting_once(course_a, course_b):
    user = make_student("paul")

    assert course_grant(user=user, course=course_a, role="professor") is True
    assert course_grant(user=user, course=course_a, role="professor") is False

    assert sorted(user.groups.values_list("name", flat=True)) == [
        "Professors",
        "Professors: Not If. When.",
    ]
    assert Group.objects.filter(name__startswith="Professors: ").count() == 1


def test_the_course_group_may_edit_and_publish_but_not_bulk_delete(course_a):
    group = course_group(course=course_a)

    codenames = set(
        group.page_permissions.filter(page=course_a).values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}


def test_the_course_group_is_found_again_after_the_course_is_renamed(course_a):
    group = course_group(course=course_a)
    course_a.title = "Not If, When"
    course_a.save()

    assert course_group(course=course_a) == group


def test_two_courses_with_one_title_get_two_groups(course_a):
    twin = make_course(title="Not If. When.", slug="not-if-when-2")

    first = course_group(course=course_a)
    second = course_group(course=twin)

    assert first != second
    assert second.name == "Professors: Not If. When. (not-if-when-2)"


def test_revoking_keeps_the_professors_group_while_another_course_remains(course_a, course_b):
    user = make_student("paul")
    course_grant(user=user, course=course_a, role="professor")
    course_grant(user=user, course=course_b, role="professor")

    assert course_revoke(user=user, course=course_a, role="professor") is True
    assert sorted(user.groups.values_list("name", flat=True)) == [
        "Professors",
        "Professors: Salary Talks",
    ]
    assert course_revoke(user=user, course=course_b, role="professor") is True
    assert not user.groups.exists()
    assert course_revoke(user=user, course=course_b, role="professor") is False


def test_a_reviewer_is_granted_the_course_and_revoked_from_it(course_a):
    user = make_student("maya")

    assert course_grant(user=user, course=course_a, role="reviewer") is True
    assert course_grant(user=user, course=course_a, role="reviewer") is False
    assert sorted(user.groups.values_list("name", flat=True)) == [
        "Professors",
        "Reviewers: Not If. When.",
    ]
    assert course_revoke(user=user, course=course_a, role="reviewer") is True
    assert not user.groups.exists()


def test_an_instructor_is_granted_the_classes_area_and_revoked_from_it(course_a):
    user = make_student("ines")

    assert course_grant(user=user, course=course_a, role="instructor") is True
    assert course_grant(user=user, course=course_a, role="instructor") is False
    assert user.has_perm("wagtailadmin.access_admin")
    assert user.has_perm("classes.add_section")

    assert course_revoke(user=user, course=course_a, role="instructor") is True
    assert course_revoke(user=user, course=course_a, role="instructor") is False
    assert not user.groups.exists()


def test_a_professor_adds_images_and_documents_and_changes_only_their_own(paul):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.permissions import policy_registry

    colleague = make_student("ada")
    Image, Document = get_image_model(), get_document_model()
    theirs = [
        Image.objects.create(
            title="Theirs", file=get_test_image_file(), uploaded_by_user=colleague
        ),
        Document.objects.create(
            title="Theirs",
            file=ContentFile(b"notes", name="notes.txt"),
            uploaded_by_user=colleague,
        ),
    ]
    mine = [
        Image.objects.create(title="Mine", file=get_test_image_file(), uploaded_by_user=paul),
        Document.objects.create(
            title="Mine", file=ContentFile(b"notes", name="mine.txt"), uploaded_by_user=paul
        ),
    ]

    for their, my in zip(theirs, mine, strict=True):
        policy = policy_registry.get_by_type(type(their))
        assert policy.user_has_permission(paul, "add")
        assert policy.user_has_permission_for_instance(paul, "choose", their)
        assert not policy.user_has_permission_for_instance(paul, "change", their)
        assert not policy.user_has_permission_for_instance(paul, "delete", their)
        assert policy.user_has_permission_for_instance(paul, "change", my)
        assert policy.user_has_permission_for_instance(paul, "delete", my)


def test_a_student_gets_nothing_from_the_image_library(lesson_a):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())

    assert not policy.user_has_permission(make_student("sam"), "add")


# Professor A in the admin


def test_professor_a_edits_saves_and_publishes_a_lesson_of_course_a(as_paul, lesson_a):
    url = reverse("wagtailadmin_pages:edit", args=[lesson_a.pk])
    assert as_paul.get(url).status_code == 200

    saved = as_paul.post(url, lesson_form(lesson_a, "A draft."))
    assert saved.status_code == 302
    lesson_a.refresh_from_db()
    assert lesson_a.has_unpublished_changes
    assert "A draft." not in str(lesson_a.body)

    published = as_paul.post(url, {**lesson_form(lesson_a, "Now live."), "action-publish": "1"})
    assert published.status_code == 302
    lesson_a.refresh_from_db()
    assert not lesson_a.has_unpublished_changes
    assert "Now live." in str(lesson_a.body)


def test_professor_a_adds_a_lesson_to_course_a(as_paul, course_a):
    url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course_a.pk])

    assert as_paul.get(url).status_code == 200


def test_professor_a_cannot_open_or_save_a_lesson_of_course_b(as_paul, lesson_b):
    url = reverse("wagtailadmin_pages:edit", args=[lesson_b.pk])

    assert refused(as_paul.get(url))
    assert refused(as_paul.post(url, lesson_form(lesson_b, "Vandalised.")))
    assert refused(
        as_paul.post(url, {**lesson_form(lesson_b, "Vandalised."), "action-publish": "1"})
    )

    lesson_b.refresh_from_db()
    assert "Vandalised." not in str(lesson_b.body)
    assert not lesson_b.has_unpublished_changes
    assert lesson_b.revisions.count() == 1


def test_professor_a_cannot_delete_a_lesson_of_course_b(as_paul, lesson_b):
    url = reverse("wagtailadmin_pages:delete", args=[lesson_b.pk])

    assert refused(as_paul.get(url))
    assert refused(as_paul.post(url))

    assert LessonPage.objects.filter(pk=lesson_b.pk).exists()


def test_professor_a_cannot_move_a_lesson_of_course_b_into_course_a(as_paul, lesson_b, course_a):
    assert refused(as_paul.get(reverse("wagtailadmin_pages:move", args=[lesson_b.pk])))
    confirm = reverse("wagtailadmin_pages:move_confirm", args=[lesson_b.pk, course_a.pk])
    assert refused(as_paul.post(confirm))

    lesson_b.refresh_from_db()
    assert lesson_b.get_parent().slug == "salary-talks"


def test_professor_a_cannot_move_a_lesson_of_course_a_into_course_b(as_paul, lesson_a, course_b):
    confirm = reverse("wagtailadmin_pages:move_confirm", args=[lesson_a.pk, course_b.pk])

    assert refused(as_paul.post(confirm))

    lesson_a.refresh_from_db()
    assert lesson_a.get_parent().slug == "not-if-when"


def test_professor_a_cannot_add_a_lesson_to_course_b(as_paul, course_b):
    url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course_b.pk])

    assert refused(as_paul.get(url))
    assert refused(as_paul.post(url, {"title": "Sneaked in", "slug": "sneaked", "summary": "x"}))

    assert not LessonPage.objects.filter(slug="sneaked").exists()


def test_professor_a_cannot_unpublish_course_b(as_paul, course_b):
    url = reverse("wagtailadmin_pages:unpublish", args=[course_b.pk])

    assert refused(as_paul.post(url))

    course_b.refresh_from_db()
    assert course_b.live


def test_professor_a_cannot_delete_their_own_course_page(as_paul, course_a, lesson_a):
    url = reverse("wagtailadmin_pages:delete", args=[course_a.pk])

    assert refused(as_paul.post(url))

    course_a.refresh_from_db()
    assert course_a.live


def test_professor_a_cannot_add_a_course_to_the_catalog(as_paul):
    url = reverse("wagtailadmin_pages:add", args=["course", "coursepage", catalog().pk])

    assert refused(as_paul.get(url))


def test_a_revoked_professor_is_turned_away_from_their_old_course(as_paul, paul, lesson_a):
    course_revoke(user=paul, course=lesson_a.get_parent(), role="professor")

    response = as_paul.get(reverse("wagtailadmin_pages:edit", args=[lesson_a.pk]))

    # With no course left, Paul is out of the "Professors" group and the admin itself.
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


# Instructors in the admin


def test_an_instructor_reaches_the_classes_area_but_cannot_edit_pages(client, lesson_a):
    ines = make_student("ines")
    course_grant(user=ines, course=lesson_a.get_parent(), role="instructor")
    client.force_login(ines)

    assert client.get("/admin/classes/").status_code == 200
    edit = reverse("wagtailadmin_pages:edit", args=[lesson_a.pk])
    assert refused(client.get(edit))
    assert refused(client.post(edit, {**lesson_form(lesson_a, "Nope."), "action-publish": "1"}))
    lesson_a.refresh_from_db()
    assert "Nope." not in str(lesson_a.body)


def test_an_instructor_reads_the_published_lesson_on_the_site(client, lesson_a):
    ines = make_student("ines")
    course_grant(user=ines, course=lesson_a.get_parent(), role="instructor")
    client.force_login(ines)

    assert client.get(lesson_a.url).status_code == 200


# The command


def run(*args):
    out = io.StringIO()
    call_command("grant_course", *args, stdout=out)
    return out.getvalue()


def test_the_command_grants_and_revokes_a_professor(course_a):
    user = person("paul", "Paul@Example.edu")

    assert run("paul@example.edu", "--course", "not-if-when", "--role", "professor") == (
        "Paul@Example.edu is now professor of “Not If. When.”.\n"
    )
    assert "was already professor" in run(
        "paul@example.edu", "--course", "not-if-when", "--role", "professor"
    )
    assert user.groups.filter(name="Professors: Not If. When.").exists()

    out = run("paul@example.edu", "--course", "not-if-when", "--role", "professor", "--revoke")
    assert "is no longer professor" in out
    assert "was not professor" in run(
        "paul@example.edu", "--course", "not-if-when", "--role", "professor", "--revoke"
    )
    assert not user.groups.exists()


def test_the_command_grants_an_instructor(course_a):
    user = person("ines", "ines@example.edu")

    assert "is now instructor" in run(
        "ines@example.edu", "--course", "not-if-when", "--role", "instructor"
    )
    assert user.groups.filter(name="Instructors").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.edu", "--course", "not-if-when", "--role", "professor"], "No user"),
        (["paul@example.edu", "--course", "no-such-course", "--role", "professor"], "No course"),
        (["paul@example.edu", "--course", "not-if-when"], "Give --role"),
        (["--course", "not-if-when"], "Give a user's email"),
    ],
)
def test_the_command_explains_what_is_wrong_and_changes_nothing(course_a, args, message):
    user = person("paul", "paul@example.edu")

    with pytest.raises(CommandError, match=message):
        run(*args)

    assert not user.groups.exists()
    assert not Group.objects.filter(name__startswith="Professors: ").exists()


def test_the_command_refuses_an_email_two_accounts_share(course_a):
    person("paul", "paul@example.edu")
    person("paul2", "PAUL@example.edu")

    with pytest.raises(CommandError, match="More than one user"):
        run("paul@example.edu", "--course", "not-if-when", "--role", "professor")


def test_the_command_rejects_an_unknown_role(course_a):
    with pytest.raises(CommandError, match="invalid choice"):
        run("paul@example.edu", "--course", "not-if-when", "--role", "dean")
