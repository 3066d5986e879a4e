"""Who reaches what: every URL of the site, tried by every role.

Each row is one URL (and one method) with the outcome each role must get:
the page, a redirect to a login page, Wagtail's "no permission" redirect to
the admin dashboard, a 404 that does not confirm the thing exists, or a 405.
A POST that a role may not make must leave the database as it was, and one
it may make must change it: each state-changing row reads the same thing
before and after (`Row.probe`).

`test_every_url_of_ours_has_a_row` walks the URL configuration, so a new
URL in one of our apps (or a new admin view our hooks register) fails until
a row says who may reach it. Wagtail's and allauth's own URLs are theirs,
guarded by their own checks; rows here try a representative few of them
with our roles (the admin's home, the page explorer and editor of each
course, images, documents, reports, users, login and sign-up).

The world (`tests.matrix_world`) is built once for the module; each request
runs in its own transaction, rolled back after it.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from lti_tool.models import LtiUser
from wagtail.models import Page, Revision

from accounts.models import DeletedAccount
from certificates.models import Certificate
from classes.exports.jobs import export_storage
from classes.models import Enrollment, ExportJob, PendingEnrollment, Section, SectionItem
from lessons.coach.rules import BUILTIN_RULES
from lessons.models import CoachCustomRule, CoachRuleSetting, LessonCompletion, PracticeDraft
from lessons.services import practice_draft_submit
from quizzes.admin_views import _signer
from quizzes.banks import BankQuestion
from quizzes.models import Attempt
from tests.factories import make_lesson, practice
from tests.lti_platform import FakePlatform
from tests.lti_world import (
    failed_score_post_status,
    failed_score_post_url,
    lms_course,
    registration_of,
)
from tests.matrix_world import (
    ADMIN,
    ANONYMOUS,
    INSTRUCTOR,
    INSTRUCTOR_OTHER,
    PROFESSOR,
    PROFESSOR_OTHER,
    ROLES,
    STUDENT,
    STUDENT_OTHER,
    World,
    world_build,
)

pytestmark = pytest.mark.django_db

OUR_APPS = ("course", "lessons", "quizzes", "classes", "accounts", "certificates", "lti")
# URLs declared in these packages' urlconfs are theirs, guarded by their own
# checks and tried here through representative rows: Wagtail (admin, pages,
# documents, images, snippets, users, sites, redirects) and allauth.
THEIR_PACKAGES = ("wagtail", "allauth")


# Outcomes


@dataclass(frozen=True)
class Outcome:
    """What one role gets from one row: a status, where a redirect goes, and
    whether a POST changed what the row's probe reads."""

    status: int
    # Where a redirect goes: a path, or a function of the world that gives one.
    location: str | Callable[[World], str] | None = None
    # For a POST row: whether what `Row.probe` reads changes.
    writes: bool = False

    def where(self, world):
        return self.location(world) if callable(self.location) else self.location


OK = Outcome(200)
LOGIN = Outcome(302, "/accounts/login/")
ADMIN_LOGIN = Outcome(302, "/admin/login/")
# Wagtail's answer to a signed-in editor without the permission: back to the
# admin's dashboard with "Sorry, you do not have permission to access this area."
TURNED_AWAY = Outcome(302, "/admin/")
NOT_FOUND = Outcome(404)
NOT_ALLOWED = Outcome(405)


def goes(status, location, *, writes=False):
    return Outcome(status, location, writes)


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome=OK, **exceptions):
    """A site page for anyone signed in; the anonymous visitor is asked to sign in."""
    return {**dict.fromkeys(ROLES, outcome), ANONYMOUS: LOGIN, **exceptions}


def admin_area(staff, **exceptions):
    """An admin page: students never get in; `staff` is what instructors and
    professors get, unless an exception says otherwise; the admin gets the page."""
    return {
        ANONYMOUS: ADMIN_LOGIN,
        STUDENT: ADMIN_LOGIN,
        STUDENT_OTHER: ADMIN_LOGIN,
        INSTRUCTOR: staff,
        INSTRUCTOR_OTHER: staff,
        PROFESSOR: staff,
        PROFESSOR_OTHER: staff,
        ADMIN: OK,
        **exceptions,
    }


NO_SECTIONS = {PROFESSOR: TURNED_AWAY, PROFESSOR_OTHER: TURNED_AWAY}


def section_page(outcome=OK, **exceptions):
    """A page of section 1 in the Classes area: its instructor and the admin
    only; anyone else in the admin gets a 404, as if it did not exist."""
    return {**admin_area(NOT_FOUND), INSTRUCTOR: outcome, ADMIN: outcome, **exceptions}


def course_editors(staff=TURNED_AWAY, **exceptions):
    """A Wagtail view of course 1's pages: its professor and the admin."""
    return {**admin_area(staff), PROFESSOR: OK, **exceptions}


def admin_only():
    return admin_area(TURNED_AWAY)


# Rows


@dataclass(frozen=True)
class Row:
    """One URL and method, with an outcome for every role; `id` names it in
    test ids, e.g. "lesson-page:student_other"."""

    id: str
    url: Callable[[World], str]
    cells: dict[str, Outcome]
    method: str = "get"
    data: Callable[[World], dict | str] | None = None
    probe: Callable[[World], object] | None = None  # what a POST may change
    given: Callable[[World], None] | None = None  # made ready before the request

    def __post_init__(self):
        assert set(self.cells) == set(ROLES), f"{self.id}: one outcome per role"
        assert self.method == "get" or self.probe, f"{self.id}: a POST needs a probe"


WORLD_OBJECTS = {field.name for field in fields(World)}


def to(name, *args, query=""):
    """A URL from its name; arguments that name one of the world's objects stand for its pk."""

    def url(world):
        values = [getattr(world, arg).pk if arg in WORLD_OBJECTS else arg for arg in args]
        return reverse(name, args=values) + query

    return url


def page(attribute, suffix=""):
    return lambda world: getattr(world, attribute).url + suffix


def newest(model, name):
    """The URL of the newest `model` row: what a POST that made one redirects to."""
    return lambda world: reverse(name, args=[model.objects.latest("pk").pk])


def explore_catalog(world):
    return reverse("wagtailadmin_explore", args=[world.course.get_parent().pk])


def course_url(world):
    return world.course.url


# POST bodies


def client_for(world, role):
    """A client signed in as `role`, from the session made once for the module."""
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def first_question_key(world):
    return world.open_attempt.questions[0]["key"]


def answer_form(world):
    key = first_question_key(world)
    return {f"q-{key}": "c1", f"v-{key}": "0"}


def answer_json(world):
    return json.dumps({"question": first_question_key(world), "answer": "c1", "version": 0})


ROSTER = "Email,First name,Last name\nnew.student@example.edu,Noor,Haddad\n"


def roster_confirmation(world):
    """What the instructor's preview of a roster posts back to import it."""
    upload = SimpleUploadedFile("roster.csv", ROSTER.encode(), content_type="text/csv")
    preview = client_for(world, INSTRUCTOR).post(
        reverse("classes_section:roster_upload", args=[world.section.pk]), {"file": upload}
    )
    return {"payload": preview.context["payload"]}


GIFT = "::Handoff:: Who do you ask first? {=A friend ~A stranger}\n"


def gift_confirmation(world):
    """What course 1's professor's preview of a GIFT file posts back to import it."""
    upload = SimpleUploadedFile("bank.gift", GIFT.encode(), content_type="text/plain")
    preview = client_for(world, PROFESSOR).post(
        reverse("quizzes_gift_import"), {"course": world.course.pk, "file": upload}
    )
    return {"payload": preview.context["payload"]}


def forged_gift_confirmation(world):
    """A confirmation signed for course 1's professor that names course 2."""
    options = {
        "course": world.other_course.pk,
        "text": GIFT,
        "category": None,
        "into_quiz_title": None,
        "skip_errors": False,
    }
    return {"payload": _signer(world.users[PROFESSOR]).sign_object(options, compress=True)}


def lesson_edit_form(world):
    lesson = world.lesson
    body = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "depth": 0,
                "text": "Revised.",
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    return {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "estimated_minutes": "7",
        "body-count": "1",
        "body-0-type": "text",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": json.dumps(body),
    }


def section_form(world):
    return {
        "course": world.course.pk,
        "name": "CAREER 101 — renamed",
        "term": "Spring 2027",
        "instructors": [world.users[INSTRUCTOR].pk],
    }


def new_section_form(world):
    return {"course": world.course.pk, "name": "CAREER 101 — 03", "term": "Spring 2027"}


def practice_lesson(world):
    """A lesson of course 1 with a practice block "ask" (the world has none);
    made once per request's transaction, so rows can ask for it repeatedly."""
    made = world.course.get_children().filter(slug="practice-asking").first()
    if made is not None:
        return made.specific
    return make_lesson(
        world.course, title="Asking", slug="practice-asking", body=[practice("ask")]
    )


def practice_url(world, key="ask"):
    return reverse("lessons:practice", args=[practice_lesson(world).pk, key])


def students_draft(world):
    """The student's draft in that block (the same text again returns it)."""
    return practice_draft_submit(
        student=world.users[STUDENT], lesson=practice_lesson(world), key="ask", text="Hi Dana!"
    )


def students_practice_url(world):
    students_draft(world)
    return reverse(
        "classes_section:student_practice", args=[world.section.pk, world.enrollment.pk]
    )


def coach_rules_form(world):
    """Every built-in rule as it comes, but the greeting rule switched off."""
    data = {}
    for rule in BUILTIN_RULES:
        data.update({f"{rule.id}-verdict": rule.verdict, f"{rule.id}-message": str(rule.message)})
        data[f"{rule.id}-good_message"] = str(rule.good_message)
        if rule.id != "mass-greeting":
            data[f"{rule.id}-enabled"] = "on"
    return data


def custom_rule(world):
    """A rule of course 1's own."""
    rule, _created = CoachCustomRule.objects.get_or_create(
        course=world.course,
        name="Hire me",
        defaults={"phrases": "hire me", "verdict": "problem", "message": "Ask for advice."},
    )
    return rule


def custom_rule_url(name, course="course"):
    return lambda world: reverse(name, args=[getattr(world, course).pk, custom_rule(world).pk])


def custom_rule_form(world):
    return {
        "name": "Asking to be hired",
        "kind": "phrases",
        "phrases": "hire me\ngive me a job",
        "when": "found",
        "verdict": "problem",
        "message": "Ask for advice, not a job.",
        "enabled": "on",
    }


def due_dates_form(world):
    return {f"item_{world.lesson.pk}": "2027-05-01 12:00", f"item_{world.quiz.pk}": ""}


def finished_export_file(world):
    """The finished export's file, in the export storage of the test at hand."""
    export_storage().save(world.finished_export.file, ContentFile(b"Student,ID\n"))


def lms_registration(world):
    """An LMS registered for the occasion: the world has none."""
    return registration_of(FakePlatform(key=None))


def lms_login_url(world):
    return reverse("lti:login", args=[lms_registration(world).uuid])


def lms_registration_url(name):
    return lambda world: reverse(f"lti_registrations:{name}", args=[lms_registration(world).pk])


# Probes


def open_attempt_answers(world):
    return list(world.open_attempt.responses.order_by("pk").values_list("answer", "version"))


def open_attempt_state(world):
    return Attempt.objects.get(pk=world.open_attempt.pk).state


def enrollment_status(world):
    return Enrollment.objects.get(pk=world.enrollment.pk).status


def join_code(world):
    return Section.objects.get(pk=world.section.pk).join_code


def section_name(world):
    return Section.objects.get(pk=world.section.pk).name


def seats(world):
    return Enrollment.objects.count() + PendingEnrollment.objects.count()


def lesson_revisions(world):
    return Revision.page_revisions.filter(object_id=str(world.lesson.pk)).count()


def count(model):
    return lambda world: model.objects.count()


def exists(model, attribute):
    return lambda world: model.objects.filter(pk=getattr(world, attribute).pk).exists()


# The site

SITE_ROWS = [
    Row("home", lambda world: "/", everyone(OK)),
    Row("course-page", page("course"), everyone(OK)),
    Row("lesson-page", page("lesson"), everyone(OK)),
    Row("quiz-page", page("quiz"), everyone(OK)),
    Row("other-course-lesson-page", page("other_lesson"), everyone(OK)),
    Row("draft-lesson-page", page("course", "severance/"), everyone(NOT_FOUND)),
    Row("search", to("search", query="?q=handoff"), everyone(OK)),
    Row(
        "media-missing-file", lambda world: "/media/original_images/none.png", everyone(NOT_FOUND)
    ),
    Row("dashboard", to("dashboard"), signed_in()),
    Row("join", to("classes:join"), signed_in()),
    Row(
        "join:post",
        to("classes:join"),
        signed_in(goes(303, course_url, writes=True), student=goes(303, course_url)),
        method="post",
        data=lambda world: {"code": world.section.join_code},
        probe=count(Enrollment),
    ),
    Row(
        "join-link",
        lambda world: reverse("classes:join_link", args=[world.section.join_code]),
        signed_in(student=goes(302, course_url)),
    ),
    Row("lesson-complete", to("lessons:complete", "lesson"), everyone(NOT_ALLOWED)),
    Row(
        "lesson-complete:post",
        to("lessons:complete", "other_lesson"),
        signed_in(goes(303, page("other_lesson"), writes=True)),
        method="post",
        probe=count(LessonCompletion),
    ),
    # Practice blocks: a student checks drafts of their own and reads only those.
    Row("practice", practice_url, signed_in()),
    Row(
        "practice:post",
        practice_url,
        signed_in(goes(303, lambda world: practice_lesson(world).url, writes=True)),
        method="post",
        data=lambda world: {"text": "Dear all, could you forward my résumé to anyone?"},
        probe=count(PracticeDraft),
    ),
    Row(
        "practice-unknown-block",
        lambda world: practice_url(world, "no-such-block"),
        everyone(NOT_FOUND),
    ),
    Row(
        "practice-draft",
        lambda world: reverse("lessons:draft", args=[students_draft(world).pk]),
        signed_in(NOT_FOUND, student=OK),
    ),
    Row("quiz-start", to("quizzes:start", "quiz"), everyone(NOT_ALLOWED)),
    Row(
        "quiz-start:post",
        to("quizzes:start", "quiz"),
        signed_in(
            goes(302, newest(Attempt, "quizzes:attempt"), writes=True),
            student=goes(302, to("quizzes:attempt", "open_attempt")),
        ),
        method="post",
        probe=count(Attempt),
    ),
    Row(
        "attempt",
        to("quizzes:attempt", "open_attempt"),
        signed_in(NOT_FOUND, student=OK),
    ),
    Row("attempt-save", to("quizzes:save", "open_attempt"), signed_in(NOT_ALLOWED)),
    Row(
        "attempt-save:post",
        to("quizzes:save", "open_attempt"),
        signed_in(
            NOT_FOUND, student=goes(302, to("quizzes:attempt", "open_attempt"), writes=True)
        ),
        method="post",
        data=answer_form,
        probe=open_attempt_answers,
    ),
    Row("attempt-autosave", to("quizzes:autosave", "open_attempt"), signed_in(NOT_ALLOWED)),
    Row(
        "attempt-autosave:post",
        to("quizzes:autosave", "open_attempt"),
        signed_in(NOT_FOUND, student=Outcome(200, writes=True)),
        method="post",
        data=answer_json,
        probe=open_attempt_answers,
    ),
    Row("attempt-submit", to("quizzes:submit", "open_attempt"), signed_in(NOT_ALLOWED)),
    Row(
        "attempt-submit:post",
        to("quizzes:submit", "open_attempt"),
        signed_in(NOT_FOUND, student=goes(302, to("quizzes:result", "open_attempt"), writes=True)),
        method="post",
        data=lambda world: {"confirm": "1"},
        probe=open_attempt_state,
    ),
    Row(
        "attempt-result",
        to("quizzes:result", "finished_attempt"),
        signed_in(NOT_FOUND, student=OK),
    ),
    Row(
        "certificate",
        lambda world: world.certificate.get_absolute_url(),
        everyone(OK),
    ),
    Row(
        "certificate-unknown",
        lambda world: reverse("certificates:detail", args=["x" * 22]),
        everyone(NOT_FOUND),
    ),
    Row("certificate-claim", to("certificates:claim", "course"), everyone(NOT_ALLOWED)),
    Row(
        "certificate-claim:post",
        to("certificates:claim", "course"),
        signed_in(
            goes(303, course_url),
            student=goes(303, lambda world: world.certificate.get_absolute_url()),
        ),
        method="post",
        probe=count(Certificate),
    ),
    # Deep linking serves only a session an LMS's deep-linking launch made.
    Row("lti-deep-link-choose", to("lti:deep_link_choose"), everyone(Outcome(400))),
    # What an LMS calls: a browser without an LMS in front gets a page saying
    # so (or 405 for the wrong method), whoever is signed in.
    Row("lti-login", lms_login_url, everyone(Outcome(400))),
    Row(
        "lti-login:post",
        lms_login_url,
        everyone(Outcome(400)),
        method="post",
        probe=count(LtiUser),
    ),
    Row("lti-launch", to("lti:launch"), everyone(NOT_ALLOWED)),
    Row(
        "lti-launch:post",
        to("lti:launch"),
        everyone(Outcome(400)),
        method="post",
        data=lambda world: {"state": "x" * 43, "id_token": "a.b.c"},
        probe=count(LtiUser),
    ),
    Row("lti-jwks", to("lti:jwks"), everyone(OK)),
]

ACCOUNT_ROWS = [
    Row("account", to("accounts:overview"), signed_in()),
    Row("account-data", to("accounts:data"), signed_in()),
    Row("account-export-json", to("accounts:export_json"), signed_in()),
    Row("account-export-csv", to("accounts:export_csv"), signed_in()),
    Row("account-delete", to("accounts:delete"), signed_in()),
    Row(
        "account-delete:post",
        to("accounts:delete"),
        signed_in(goes(302, "/", writes=True)),
        method="post",
        data=lambda world: {"password": "not-if-when"},
        probe=count(DeletedAccount),
    ),
    # allauth's own pages, as our roles meet them.
    Row("login", to("account_login"), signed_in(goes(302, "/dashboard/"), anonymous=OK)),
    Row("signup", to("account_signup"), signed_in(goes(302, "/dashboard/"), anonymous=OK)),
    Row("logout", to("account_logout"), signed_in(anonymous=goes(302, "/"))),
    Row("email", to("account_email"), signed_in()),
    Row("password-change", to("account_change_password"), signed_in()),
    Row("password-reset", to("account_reset_password"), everyone(OK)),
    # Wagtail's own sign-in and reset forms lead to allauth's, which count failures.
    Row("wagtail-admin-login", lambda world: "/admin/login/", everyone(LOGIN)),
    Row("wagtail-frontend-login", lambda world: "/_util/login/", everyone(LOGIN)),
    Row(
        "wagtail-password-reset",
        lambda world: "/admin/password_reset/",
        everyone(goes(302, "/accounts/password/reset/")),
    ),
]

# The Classes area: the list of sections, their settings, and the
# instructor's pages of one section.

CLASSES_ROWS = [
    Row(
        "sections",
        to("classes_section:index"),
        admin_area(OK, **NO_SECTIONS),
    ),
    Row(
        "sections-results",
        to("classes_section:index_results"),
        admin_area(OK, **NO_SECTIONS),
    ),
    Row(
        "section-add",
        to("classes_section:add"),
        admin_area(OK, **NO_SECTIONS),
    ),
    Row(
        "section-add:post",
        to("classes_section:add"),
        admin_area(
            goes(302, newest(Section, "classes_section:overview"), writes=True),
            **NO_SECTIONS,
            admin=goes(302, newest(Section, "classes_section:overview"), writes=True),
        ),
        method="post",
        data=new_section_form,
        probe=count(Section),
    ),
    # Professors may not change sections at all, so Wagtail turns them away
    # before looking for the section.
    Row("section-edit", to("classes_section:edit", "section"), section_page(**NO_SECTIONS)),
    Row(
        "section-edit:post",
        to("classes_section:edit", "section"),
        section_page(goes(302, "/admin/classes/", writes=True), **NO_SECTIONS),
        method="post",
        data=section_form,
        probe=section_name,
    ),
    # Deleting a section (and every enrollment with it) is the admin's alone:
    # the Instructors group has no delete permission, so even its own
    # instructor finds nothing to delete.
    Row(
        "section-delete",
        to("classes_section:delete", "section"),
        section_page(NOT_FOUND, admin=OK),
    ),
    Row(
        "section-delete:post",
        to("classes_section:delete", "section"),
        section_page(NOT_FOUND, admin=goes(302, "/admin/classes/", writes=True)),
        method="post",
        probe=exists(Section, "section"),
    ),
    Row("section-history", to("classes_section:history", "section"), section_page()),
    Row(
        "section-history-results", to("classes_section:history_results", "section"), section_page()
    ),
    Row("section-usage", to("classes_section:usage", "section"), section_page()),
    Row("section-overview", to("classes_section:overview", "section"), section_page()),
    Row(
        "other-section-overview",
        to("classes_section:overview", "other_section"),
        admin_area(NOT_FOUND, instructor_other=OK),
    ),
    Row("section-roster", to("classes_section:roster", "section"), section_page()),
    Row("section-roster-upload", to("classes_section:roster_upload", "section"), section_page()),
    Row(
        "section-roster-upload:post",
        to("classes_section:roster_upload", "section"),
        section_page(goes(302, to("classes_section:roster", "section"), writes=True)),
        method="post",
        data=roster_confirmation,
        probe=seats,
    ),
    Row(
        "section-enrollment-status",
        to("classes_section:enrollment_status", "section", "enrollment"),
        section_page(NOT_ALLOWED),
    ),
    Row(
        "section-enrollment-status:post",
        to("classes_section:enrollment_status", "section", "enrollment"),
        section_page(goes(302, to("classes_section:roster", "section"), writes=True)),
        method="post",
        data=lambda world: {"status": Enrollment.Status.DROPPED},
        probe=enrollment_status,
    ),
    Row(
        "section-enrollment-status-of-other-section:post",
        to("classes_section:enrollment_status", "section", "other_enrollment"),
        section_page(NOT_FOUND),
        method="post",
        data=lambda world: {"status": Enrollment.Status.DROPPED},
        probe=lambda world: Enrollment.objects.get(pk=world.other_enrollment.pk).status,
    ),
    Row("section-gradebook", to("classes_section:gradebook", "section"), section_page()),
    Row(
        "section-student",
        to("classes_section:student", "section", "enrollment"),
        section_page(),
    ),
    Row(
        "section-student-of-other-section",
        to("classes_section:student", "section", "other_enrollment"),
        section_page(NOT_FOUND),
    ),
    Row(
        "section-item-analysis",
        to("classes_section:item_analysis", "section", "quiz"),
        section_page(),
    ),
    Row(
        "section-item-analysis-of-other-course",
        to("classes_section:item_analysis", "section", "other_quiz"),
        section_page(NOT_FOUND),
    ),
    Row("section-practice", to("classes_section:practice", "section"), section_page()),
    Row("section-student-practice", students_practice_url, section_page()),
    Row(
        "section-student-practice-of-other-section",
        to("classes_section:student_practice", "section", "other_enrollment"),
        section_page(NOT_FOUND),
    ),
    Row("section-due-dates", to("classes_section:due_dates", "section"), section_page()),
    Row(
        "section-due-dates:post",
        to("classes_section:due_dates", "section"),
        section_page(goes(302, to("classes_section:due_dates", "section"), writes=True)),
        method="post",
        data=due_dates_form,
        probe=lambda world: list(
            SectionItem.objects.filter(section=world.section).values_list("item_id", "due_at")
        ),
    ),
    *(
        Row(
            f"section-export-{format}",
            to("classes_section:export", "section", format),
            section_page(),
        )
        for format in ("canvas", "moodle", "csv", "xlsx")
    ),
    Row(
        "section-export-csv:post",
        to("classes_section:export", "section", "csv"),
        section_page(),
        method="post",
        probe=count(ExportJob),
    ),
    Row(
        "section-export-job",
        to("classes_section:export_job", "section", "export_job"),
        section_page(),
    ),
    Row(
        "section-export-job-status",
        to("classes_section:export_job_status", "section", "export_job"),
        section_page(),
    ),
    Row(
        "section-export-job-download",
        to("classes_section:export_job_download", "section", "finished_export"),
        section_page(),
        given=finished_export_file,
    ),
    Row(
        "section-export-job-download-unfinished",
        to("classes_section:export_job_download", "section", "export_job"),
        section_page(NOT_FOUND),
    ),
    Row(
        "section-export-job-of-other-section",
        to("classes_section:export_job", "section", "other_export_job"),
        section_page(NOT_FOUND),
    ),
    Row(
        "section-export-unknown",
        to("classes_section:export", "section", "pdf"),
        section_page(NOT_FOUND),
    ),
    Row(
        "section-join-code", to("classes_section:join_code", "section"), section_page(NOT_ALLOWED)
    ),
    Row(
        "section-join-code:post",
        to("classes_section:join_code", "section"),
        section_page(goes(302, to("classes_section:overview", "section"), writes=True)),
        method="post",
        probe=join_code,
    ),
    Row("section-lms-grades", to("lti_score_posts", "section"), section_page()),
    Row("section-lms-roster-sync", to("lti_roster_sync", "section"), section_page(NOT_ALLOWED)),
    # Taught in an LMS course that offers no roster: the sync says so and changes nothing.
    Row(
        "section-lms-roster-sync:post",
        to("lti_roster_sync", "section"),
        section_page(goes(302, to("classes_section:roster", "section"))),
        method="post",
        probe=count(Enrollment),
        given=lambda world: lms_course(FakePlatform(key=None), section=world.section),
    ),
    Row("section-lms-grade-resend", failed_score_post_url, section_page(NOT_ALLOWED)),
    Row(
        "section-lms-grade-resend:post",
        failed_score_post_url,
        section_page(goes(302, to("lti_score_posts", "section"), writes=True)),
        method="post",
        probe=failed_score_post_status,
    ),
]

# Reports, the question bank and GIFT, as our hooks register them.

BANK_ROWS = [
    Row(
        "lessons-to-review",
        to("lessons_reports_lessons_to_review"),
        course_editors(professor_other=OK),
    ),
    Row(
        "lessons-to-review-results",
        to("lessons_reports_lessons_to_review_results"),
        course_editors(professor_other=OK),
    ),
    Row(
        "questions-to-review",
        to("classes_reports_questions_to_review"),
        course_editors(professor_other=OK),
    ),
    Row(
        "questions-to-review-results",
        to("classes_reports_questions_to_review_results"),
        course_editors(professor_other=OK),
    ),
    # The message coach: each course's professors tune their own.
    Row("coach-index", to("lessons_coach_index"), course_editors(professor_other=OK)),
    Row("coach-course", to("lessons_coach_course", "course"), course_editors()),
    Row(
        "coach-course:post",
        to("lessons_coach_course", "course"),
        course_editors(
            professor=goes(302, to("lessons_coach_course", "course"), writes=True),
            admin=goes(302, to("lessons_coach_course", "course"), writes=True),
        ),
        method="post",
        data=coach_rules_form,
        probe=count(CoachRuleSetting),
    ),
    Row(
        "coach-other-course",
        to("lessons_coach_course", "other_course"),
        admin_area(TURNED_AWAY, professor_other=OK),
    ),
    Row(
        "coach-try",
        to("lessons_coach_try", "course"),
        course_editors(professor=NOT_ALLOWED, admin=NOT_ALLOWED),
    ),
    Row(
        "coach-try:post",
        to("lessons_coach_try", "course"),
        course_editors(),
        method="post",
        data=lambda world: {"text": "Dear all, please hire me."},
        probe=count(PracticeDraft),
    ),
    Row("coach-rule-add", to("lessons_coach_rule_add", "course"), course_editors()),
    Row(
        "coach-rule-add:post",
        to("lessons_coach_rule_add", "course"),
        course_editors(
            professor=goes(302, to("lessons_coach_course", "course"), writes=True),
            admin=goes(302, to("lessons_coach_course", "course"), writes=True),
        ),
        method="post",
        data=custom_rule_form,
        probe=count(CoachCustomRule),
    ),
    Row("coach-rule-edit", custom_rule_url("lessons_coach_rule_edit"), course_editors()),
    Row(
        "coach-rule-edit:post",
        custom_rule_url("lessons_coach_rule_edit"),
        course_editors(
            professor=goes(302, to("lessons_coach_course", "course"), writes=True),
            admin=goes(302, to("lessons_coach_course", "course"), writes=True),
        ),
        method="post",
        data=custom_rule_form,
        probe=lambda world: list(CoachCustomRule.objects.values_list("name", flat=True)),
    ),
    Row(
        "coach-rule-through-another-course",
        custom_rule_url("lessons_coach_rule_edit", course="other_course"),
        admin_area(TURNED_AWAY, professor_other=NOT_FOUND, admin=NOT_FOUND),
    ),
    Row("coach-rule-delete", custom_rule_url("lessons_coach_rule_delete"), course_editors()),
    Row(
        "coach-rule-delete:post",
        custom_rule_url("lessons_coach_rule_delete"),
        course_editors(
            professor=goes(302, to("lessons_coach_course", "course"), writes=True),
            admin=goes(302, to("lessons_coach_course", "course"), writes=True),
        ),
        method="post",
        probe=count(CoachCustomRule),
    ),
    # Each course's professors import into and export from their own bank.
    Row("gift-import", to("quizzes_gift_import"), course_editors(professor_other=OK)),
    # The preview is course 1's professor's, signed for them: anyone else's
    # confirmation of it is refused as expired, and nothing is imported.
    Row(
        "gift-import:post",
        to("quizzes_gift_import"),
        course_editors(
            professor=goes(302, to("wagtailsnippets_quizzes_bankquestion:list"), writes=True),
            professor_other=goes(302, to("quizzes_gift_import")),
            admin=goes(302, to("quizzes_gift_import")),
        ),
        method="post",
        data=gift_confirmation,
        probe=count(BankQuestion),
    ),
    # A confirmation signed for course 1's professor, naming course 2: forged.
    Row(
        "gift-import-other-course:post",
        to("quizzes_gift_import"),
        course_editors(
            professor=TURNED_AWAY,
            professor_other=goes(302, to("quizzes_gift_import")),
            admin=goes(302, to("quizzes_gift_import")),
        ),
        method="post",
        data=forged_gift_confirmation,
        probe=count(BankQuestion),
    ),
    Row(
        "category-gift",
        to("quizzes_category_gift", "category"),
        course_editors(professor_other=NOT_FOUND),
    ),
    Row("quiz-gift", to("quizzes_quiz_gift", "quiz"), course_editors()),
    Row(
        "other-quiz-gift",
        to("quizzes_quiz_gift", "other_quiz"),
        admin_area(TURNED_AWAY, professor_other=OK),
    ),
]


def snippet_rows(model, *, revisions, chooser):
    """Every view Wagtail registers for one of our snippets: course 1's bank
    is its professor's and the admin's; course 2's professor gets a list of
    their own (empty) bank and a 404 for course 1's things (Wagtail's copy
    view turns them away itself); instructors get none of it. The category
    chooser (a quiz's random draw picks its category with it) offers each
    professor their courses' categories and the shared ones; no block
    chooses a single question, so questions have no chooser."""
    views = f"wagtailsnippets_quizzes_{model}"
    choosers = f"wagtailsnippetchoosers_quizzes_{model}"
    instance = "bank_question" if model == "bankquestion" else "category"
    own_bank = course_editors(professor_other=OK)
    course_1s = course_editors(professor_other=NOT_FOUND)
    rows = [
        Row(f"{model}-list", to(f"{views}:list"), own_bank),
        Row(f"{model}-list-results", to(f"{views}:list_results"), own_bank),
        Row(f"{model}-add", to(f"{views}:add"), own_bank),
        Row(f"{model}-edit", to(f"{views}:edit", instance), course_1s),
        Row(f"{model}-delete", to(f"{views}:delete", instance), course_1s),
        Row(f"{model}-usage", to(f"{views}:usage", instance), course_1s),
        Row(f"{model}-history", to(f"{views}:history", instance), course_1s),
        Row(f"{model}-history-results", to(f"{views}:history_results", instance), course_1s),
        Row(f"{model}-copy", to(f"{views}:copy", instance), course_editors()),
    ]
    if chooser:
        rows += [
            Row(f"{model}-choose", to(f"{choosers}:choose"), own_bank),
            Row(f"{model}-choose-results", to(f"{choosers}:choose_results"), own_bank),
            Row(f"{model}-chosen", to(f"{choosers}:chosen", instance), course_1s),
            # Course 2's professor gets an empty choice: course 1's category is left out.
            Row(
                f"{model}-chosen-multiple",
                lambda world: (
                    reverse(f"{choosers}:chosen_multiple") + f"?id={getattr(world, instance).pk}"
                ),
                own_bank,
            ),
            Row(f"{model}-chooser-create", to(f"{choosers}:create"), own_bank),
        ]
    if revisions:
        rows += [
            Row(
                f"{model}-revision-revert",
                lambda world: reverse(
                    f"{views}:revisions_revert",
                    args=[world.bank_question.pk, world.bank_question.latest_revision.pk],
                ),
                course_1s,
            ),
            Row(
                f"{model}-revisions-compare",
                lambda world: reverse(
                    f"{views}:revisions_compare",
                    args=[world.bank_question.pk, "earliest", "latest"],
                ),
                course_1s,
            ),
        ]
    return rows


SNIPPET_ROWS = [
    *snippet_rows("bankquestion", revisions=True, chooser=False),
    *snippet_rows("questioncategory", revisions=False, chooser=True),
    Row(
        "bankquestion-delete:post",
        to("wagtailsnippets_quizzes_bankquestion:delete", "bank_question"),
        course_editors(
            professor=goes(302, to("wagtailsnippets_quizzes_bankquestion:list"), writes=True),
            professor_other=NOT_FOUND,
            admin=goes(302, to("wagtailsnippets_quizzes_bankquestion:list"), writes=True),
        ),
        method="post",
        probe=exists(BankQuestion, "bank_question"),
    ),
]

# Wagtail's own admin, as our roles meet it.

WAGTAIL_ROWS = [
    Row("admin-home", to("wagtailadmin_home"), admin_area(OK)),
    Row("admin-account", to("wagtailadmin_account"), admin_area(OK)),
    # The explorer sends a professor back to their own course.
    Row(
        "admin-explore-course",
        to("wagtailadmin_explore", "course"),
        course_editors(professor_other=goes(302, to("wagtailadmin_explore", "other_course"))),
    ),
    Row(
        "admin-explore-other-course",
        to("wagtailadmin_explore", "other_course"),
        admin_area(
            TURNED_AWAY,
            professor=goes(302, to("wagtailadmin_explore", "course")),
            professor_other=OK,
        ),
    ),
    Row("admin-edit-course", to("wagtailadmin_pages:edit", "course"), course_editors()),
    Row("admin-edit-lesson", to("wagtailadmin_pages:edit", "lesson"), course_editors()),
    Row(
        "admin-edit-lesson:post",
        to("wagtailadmin_pages:edit", "lesson"),
        course_editors(
            professor=goes(302, to("wagtailadmin_pages:edit", "lesson"), writes=True),
            admin=goes(302, to("wagtailadmin_pages:edit", "lesson"), writes=True),
        ),
        method="post",
        data=lesson_edit_form,
        probe=lesson_revisions,
    ),
    Row(
        "admin-edit-other-lesson",
        to("wagtailadmin_pages:edit", "other_lesson"),
        admin_area(TURNED_AWAY, professor_other=OK),
    ),
    Row("admin-add-lesson", to("wagtailadmin_pages:add_subpage", "course"), course_editors()),
    Row("admin-delete-lesson", to("wagtailadmin_pages:delete", "lesson"), course_editors()),
    Row(
        "admin-delete-lesson:post",
        to("wagtailadmin_pages:delete", "lesson"),
        course_editors(
            professor=goes(302, to("wagtailadmin_explore", "course"), writes=True),
            admin=goes(302, to("wagtailadmin_explore", "course"), writes=True),
        ),
        method="post",
        probe=exists(Page, "lesson"),
    ),
    Row("admin-view-draft", to("wagtailadmin_pages:view_draft", "draft_lesson"), course_editors()),
    # A quiz's revision and preview show its answer key; the admin API its fields.
    Row(
        "admin-quiz-revision",
        lambda world: reverse(
            "wagtailadmin_pages:revisions_view",
            args=[world.quiz.pk, world.quiz.latest_revision_id],
        ),
        course_editors(),
    ),
    Row(
        "admin-quiz-preview-answer-key",
        to("wagtailadmin_pages:preview_on_edit", "quiz", query="?mode=answer_key"),
        course_editors(),
    ),
    Row(
        "admin-api-quiz",
        to("wagtailadmin_api:pages:detail", "quiz"),
        course_editors(NOT_FOUND),
    ),
    Row(
        "admin-unpublish-course:post",
        to("wagtailadmin_pages:unpublish", "course"),
        course_editors(
            professor=goes(302, explore_catalog, writes=True),
            admin=goes(302, explore_catalog, writes=True),
        ),
        method="post",
        probe=lambda world: Page.objects.get(pk=world.course.pk).live,
    ),
    Row("admin-images", to("wagtailimages:index"), course_editors(professor_other=OK)),
    Row("admin-documents", to("wagtaildocs:index"), course_editors(professor_other=OK)),
    # The question bank has its own menu, so Wagtail's list of snippet types
    # is empty and turns everyone away, the admin too.
    Row("admin-snippets", to("wagtailsnippets:index"), admin_area(TURNED_AWAY, admin=TURNED_AWAY)),
    Row(
        "admin-locked-pages",
        to("wagtailadmin_reports:locked_pages"),
        course_editors(professor_other=OK),
    ),
    # Wagtail lists only the log entries of what each person may see.
    Row("admin-site-history", to("wagtailadmin_reports:site_history"), admin_area(OK)),
    Row("admin-users", to("wagtailusers_users:index"), admin_only()),
    Row("admin-groups", to("wagtailusers_groups:index"), admin_only()),
    Row("admin-sites", to("wagtailsites:index"), admin_only()),
    Row("admin-workflows", to("wagtailadmin_workflows:index"), admin_only()),
    # LMS platforms: our viewset of django-lti's registrations.
    *(
        Row(f"lti-registrations-{name}", to(f"lti_registrations:{name}"), admin_only())
        for name in ("index", "index_results", "add")
    ),
    *(
        Row(f"lti-registration-{name}", lms_registration_url(name), admin_only())
        for name in ("edit", "delete", "history", "history_results", "usage")
    ),
]

ROWS = SITE_ROWS + ACCOUNT_ROWS + CLASSES_ROWS + BANK_ROWS + SNIPPET_ROWS + WAGTAIL_ROWS


# The world, once for the module


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once in a transaction that is rolled back after the module; each
    test's own transaction nests inside it. Signed-in sessions are made here
    too, so a request costs only itself. The page cache's version stays out
    of the repository's data folder."""
    pages_in_memory = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(CACHES=pages_in_memory),
        transaction.atomic(),
    ):
        built = world_build()
        for role, user in built.users.items():
            client = Client()
            client.force_login(user)
            built.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield built
        transaction.set_rollback(True)


def visit(client, row, url, world):
    if row.method == "get":
        return client.get(url)
    data = row.data(world) if row.data else {}
    if isinstance(data, str):
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize(
    ("row", "role"),
    [pytest.param(row, role, id=f"{row.id}:{role}") for row in ROWS for role in ROLES],
)
def test_each_role_gets_what_it_should(world, row, role):
    expected = row.cells[role]
    url = row.url(world)
    request = f"{row.method.upper()} {url} as {role}"
    if row.given:
        row.given(world)
    before = row.probe(world) if row.probe else None

    response = visit(client_for(world, role), row, url, world)
    if response.streaming:
        b"".join(response.streaming_content)  # a download must be written to the end

    assert response.status_code == expected.status, f"{request}: {response.status_code}"
    if expected.location is not None:
        location = urlsplit(response["Location"]).path
        assert location == expected.where(world), f"{request} went to {location}"
    if row.probe:
        after = row.probe(world)
        if expected.writes:
            assert after != before, f"{request} should have changed {before!r}"
        else:
            assert after == before, f"{request} must change nothing: {before!r} -> {after!r}"


# Every URL has a row


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced name, or the full route of an unnamed pattern
    view_module: str
    declared_in: str  # the urlconf module that lists it


def _join_route(first, second):
    return first + second.removeprefix("^") if first else second


def url_patterns(resolver=None, route="", namespaces=(), module="course.urls"):
    """Every pattern of the URL configuration, however deeply included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        full_route = _join_route(route, str(entry.pattern))
        if isinstance(entry, URLResolver):
            declared = getattr(entry.urlconf_module, "__name__", module)
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from url_patterns(entry, full_route, inner, declared)
        elif isinstance(entry, URLPattern):
            key = ":".join((*namespaces, entry.name)) if entry.name else full_route
            view = getattr(entry.callback, "view_class", entry.callback)
            yield Pattern(key, view.__module__, module)


def _package(module):
    return module.partition(".")[0]


def is_ours(pattern):
    """Declared by our apps, served by their views, or Wagtail's views of our
    models (snippets and choosers namespaced `..._<app label>_<model>`)."""
    namespace = pattern.key.rpartition(":")[0]
    return (
        _package(pattern.view_module) in OUR_APPS
        or _package(pattern.declared_in) in OUR_APPS
        or any(f"_{app}_" in namespace for app in OUR_APPS)
    )


def covered_key(path):
    match = resolve(urlsplit(path).path)
    return match.view_name if match.url_name else match.route


def test_every_url_of_ours_has_a_row(world):
    covered = {covered_key(row.url(world)) for row in ROWS}
    patterns = list(url_patterns())

    missing = sorted({p.key for p in patterns if is_ours(p) and p.key not in covered})
    unknown = sorted(
        {
            p.key
            for p in patterns
            if not is_ours(p) and _package(p.declared_in) not in THEIR_PACKAGES
        }
    )

    assert not missing, f"URLs without a row in the permission matrix: {missing}"
    assert not unknown, f"URLs from a package this matrix does not know: {unknown}"
