"""Professors tune their course's coach in the admin: rules on or off, their
own words for a rule, their own rules with phrases or a pattern, and a box
to try it all on a sample message. What they change reaches the next check
a student makes (and never rewrites feedback already given); a professor of
another course, an instructor or a student cannot change it."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from course.roles import Role, course_grant
from lessons.models import CoachCustomRule, CoachRuleSetting, PracticeDraft
from lessons.services import practice_draft_submit
from tests.factories import instructors_group, make_course, make_lesson, make_student, practice

pytestmark = pytest.mark.django_db

MESSAGE = "Dear all,\nSorry to bother you. Could we talk?\n\nThanks,\nKelsey Moreno"


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def lesson(course):
    return make_lesson(course, title="Asking well", slug="asking-well", body=[practice("ask")])


@pytest.fixture
def paula(course):
    professor = make_student("paula")
    course_grant(user=professor, course=course, role=Role.PROFESSOR)
    return professor


@pytest.fixture
def sam():
    return make_student("sam")


def coach_url(course, name="lessons_coach_course", *args):
    return reverse(name, args=[course.pk, *args])


def rules_form(client, course, **changes):
    """The built-in rules form as the page fills it, with `changes` (field -> value; None
    leaves a checkbox unticked)."""
    html = BeautifulSoup(client.get(coach_url(course)).content, "html.parser")
    form = next(f for f in html.find_all("form") if f.find("details", class_="coach-rule"))
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = "on"
        else:
            data[name] = field.get("value", "")
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def findings(student, lesson, text):
    draft = practice_draft_submit(student=student, lesson=lesson, key="ask", text=text)
    return {finding["rule"]: finding for finding in draft.feedback["findings"]}


def test_a_professor_rewords_a_rule_and_the_next_check_says_it(client, course, lesson, paula, sam):
    before = findings(sam, lesson, MESSAGE)
    client.force_login(paula)
    reworded = "On our course we never write to a crowd: pick one person."

    response = client.post(
        coach_url(course), rules_form(client, course, **{"mass-greeting-message": reworded})
    )

    assert response.status_code == 302
    after = findings(sam, lesson, MESSAGE + " Bye.")
    assert after["mass-greeting"]["message"] == reworded
    assert before["mass-greeting"]["message"] != reworded
    first = PracticeDraft.objects.get(number=1)
    kept = {finding["rule"]: finding for finding in first.feedback["findings"]}
    assert kept["mass-greeting"] == before["mass-greeting"]  # what the student was told stays


def test_a_rule_switched_off_says_nothing_and_a_changed_verdict_counts(
    client, course, lesson, paula, sam
):
    client.force_login(paula)

    client.post(
        coach_url(course),
        rules_form(
            client,
            course,
            **{"mass-greeting-enabled": None, "not-recognisable-verdict": "improve"},
        ),
    )

    said = findings(sam, lesson, "Dear all, could we talk?")
    assert "mass-greeting" not in said
    assert said["not-recognisable"]["verdict"] == "improve"
    assert set(CoachRuleSetting.objects.values_list("rule", flat=True)) == {
        "mass-greeting",
        "not-recognisable",
    }


def test_saving_the_rules_unchanged_keeps_no_settings(client, course, paula):
    client.force_login(paula)

    client.post(coach_url(course), rules_form(client, course))

    assert not CoachRuleSetting.objects.exists()


def test_an_emptied_message_goes_back_to_the_built_in_one(client, course, lesson, paula, sam):
    client.force_login(paula)
    client.post(coach_url(course), rules_form(client, course, **{"no-thanks-message": "Say ta."}))

    client.post(coach_url(course), rules_form(client, course, **{"no-thanks-message": ""}))

    assert not CoachRuleSetting.objects.exists()
    assert findings(sam, lesson, "Could we talk?")["no-thanks"]["message"] == (
        "Thank them for reading. A sentence is enough."
    )


def test_a_professors_own_phrase_rule_takes_effect(client, course, lesson, paula, sam):
    client.force_login(paula)

    response = client.post(
        coach_url(course, "lessons_coach_rule_add"),
        {
            "name": "Apologising for asking",
            "kind": "phrases",
            "phrases": "sorry to bother you\nsorry for the trouble",
            "pattern": "",
            "when": "found",
            "verdict": "improve",
            "message": "No need to apologise: a clear ask is a kindness.",
            "lesson": str(lesson.pk),
            "enabled": "on",
        },
    )

    assert response.status_code == 302
    rule = CoachCustomRule.objects.get()
    said = findings(sam, lesson, MESSAGE)[rule.rule_id]
    assert said["verdict"] == "improve"
    assert said["message"] == "No need to apologise: a clear ask is a kindness."
    assert said["lesson"] == lesson.pk
    assert MESSAGE[slice(*said["spans"][0])] == "Sorry to bother you."


def test_a_professors_own_pattern_rule_takes_effect(client, course, lesson, paula, sam):
    client.force_login(paula)

    client.post(
        coach_url(course, "lessons_coach_rule_add"),
        {
            "name": "A time limit",
            "kind": "pattern",
            "phrases": "",
            "pattern": r"\b\d{1,2}[- ]?min(?:ute)?s?\b",
            "when": "missing",
            "verdict": "improve",
            "message": "Say how long you are asking for: fifteen minutes is easy to give.",
            "enabled": "on",
        },
    )

    rule_id = CoachCustomRule.objects.get().rule_id
    assert rule_id in findings(sam, lesson, "Hi Dana, could we talk?")
    assert rule_id not in findings(sam, lesson, "Hi Dana, could we talk for 15 min?")


def test_a_pattern_that_could_hang_the_coach_is_refused_and_nothing_is_saved(
    client, course, paula
):
    client.force_login(paula)

    response = client.post(
        coach_url(course, "lessons_coach_rule_add"),
        {
            "name": "Exclamations",
            "kind": "pattern",
            "pattern": r"(\w+!?)+$",
            "when": "found",
            "verdict": "problem",
            "message": "Calm down.",
            "enabled": "on",
        },
    )

    assert response.status_code == 200
    assert "A repeat inside a repeat" in response.content.decode()
    assert not CoachCustomRule.objects.exists()


def test_a_professor_edits_and_deletes_their_own_rule(client, course, paula):
    client.force_login(paula)
    rule = CoachCustomRule.objects.create(
        course=course, name="Hire me", phrases="hire me", verdict="problem", message="No."
    )

    client.post(
        coach_url(course, "lessons_coach_rule_edit", rule.pk),
        {
            "name": "Asking to be hired",
            "kind": "phrases",
            "phrases": "hire me",
            "when": "found",
            "verdict": "problem",
            "message": "Ask for advice, not a job.",
        },
    )
    rule.refresh_from_db()
    assert (rule.name, rule.enabled) == ("Asking to be hired", False)

    client.post(coach_url(course, "lessons_coach_rule_delete", rule.pk))
    assert not CoachCustomRule.objects.exists()


def test_try_it_shows_the_feedback_and_keeps_nothing(client, course, lesson, paula):
    client.force_login(paula)

    response = client.post(coach_url(course, "lessons_coach_try"), {"text": MESSAGE})

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    feedback = html.find(id="try-feedback")
    assert "Greeting" in feedback.get_text()
    mark = feedback.find("mark", class_="coach-mark--problem")
    assert mark.find(string=True, recursive=False) == "Dear all,"
    assert not PracticeDraft.objects.exists()


@pytest.fixture
def other_professor():
    other_course = make_course(title="Salary Talks", slug="salary-talks")
    professor = make_student("otto")
    course_grant(user=professor, course=other_course, role=Role.PROFESSOR)
    return professor


@pytest.fixture
def an_instructor():
    user = make_student("ines", is_staff=True)
    user.groups.add(instructors_group())
    return user


@pytest.mark.parametrize("who", ["other_professor", "an_instructor"])
def test_only_the_courses_professors_change_its_coach(client, course, request, who):
    client.force_login(request.getfixturevalue(who))
    rule_data = {
        "name": "Sneaky",
        "kind": "phrases",
        "phrases": "hello",
        "when": "found",
        "verdict": "problem",
        "message": "Gotcha.",
        "enabled": "on",
    }

    pages = [
        client.get(coach_url(course)),
        client.post(coach_url(course), {"mass-greeting-verdict": "improve"}),
        client.post(coach_url(course, "lessons_coach_rule_add"), rule_data),
        client.post(coach_url(course, "lessons_coach_try"), {"text": MESSAGE}),
    ]

    for response in pages:
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not CoachRuleSetting.objects.exists()
    assert not CoachCustomRule.objects.exists()


def test_a_student_never_reaches_the_coachs_admin(client, course, sam):
    client.force_login(sam)

    response = client.get(coach_url(course))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_coach_menu_lists_only_the_courses_a_professor_writes(
    client, course, paula, other_professor
):
    client.force_login(paula)

    html = BeautifulSoup(client.get(reverse("lessons_coach_index")).content, "html.parser")

    assert [a.get_text() for a in html.select("main .listing a")] == ["Not If. When."]


def test_the_coach_is_in_the_admin_menu_of_professors_and_no_one_else(
    client, course, paula, an_instructor
):
    """Instructors reach the admin for their classes, but write no course."""
    shown = {}
    for person in (paula, an_instructor):
        client.force_login(person)
        shown[person.username] = "Message coach" in client.get(reverse("wagtailadmin_home")).text

    assert shown == {"paula": True, "ines": False}
