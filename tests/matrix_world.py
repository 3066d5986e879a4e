"""The one world the permission matrix walks: every role, and something of each kind.

Two courses, each with a lesson and a quiz; course 1 also has a draft
lesson and a question bank. Course 1 has two sections, each with its own
instructor and student. The student of the first section has finished the
course (a passed attempt and a certificate) and has a second attempt in
progress; section 1 has a grade export waiting for the worker and one
finished, section 2 one waiting. So every attempt, result, certificate
and export URL has something real behind it. Each role is one person;
`ROLES` names them in the order the matrix lists them.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue
from classes.models import Enrollment, ExportJob, Section
from course.models import CoursePage
from course.roles import Role, course_grant
from lessons.models import LessonPage
from lessons.services import lesson_complete
from quizzes.banks import BankQuestion, QuestionCategory
from quizzes.models import Attempt, QuizPage
from quizzes.services import attempt_start
from tests.factories import (
    enroll,
    instructors_group,
    make_course,
    make_lesson,
    make_section,
    make_student,
    single_choice,
    take_quiz,
    two_point_quiz,
)

ANONYMOUS = "anonymous"
STUDENT = "student"  # enrolled in section 1; finished course 1
STUDENT_OTHER = "student_other"  # enrolled in section 2 of the same course
INSTRUCTOR = "instructor"  # teaches section 1
INSTRUCTOR_OTHER = "instructor_other"  # teaches section 2
PROFESSOR = "professor"  # writes course 1
PROFESSOR_OTHER = "professor_other"  # writes course 2
ADMIN = "admin"  # a superuser

ROLES = (
    ANONYMOUS,
    STUDENT,
    STUDENT_OTHER,
    INSTRUCTOR,
    INSTRUCTOR_OTHER,
    PROFESSOR,
    PROFESSOR_OTHER,
    ADMIN,
)


@dataclass
class World:
    """Everything the matrix's URLs point at, and who each role is."""

    users: dict[str, User]  # by role; the anonymous visitor has none
    course: CoursePage
    lesson: LessonPage
    quiz: QuizPage
    draft_lesson: LessonPage
    other_course: CoursePage
    other_lesson: LessonPage
    other_quiz: QuizPage
    section: Section  # taught by INSTRUCTOR, STUDENT is in it
    other_section: Section  # of the same course, taught by INSTRUCTOR_OTHER
    enrollment: Enrollment  # STUDENT in `section`
    other_enrollment: Enrollment  # STUDENT_OTHER in `other_section`
    finished_attempt: Attempt  # STUDENT's, submitted and passed
    open_attempt: Attempt  # STUDENT's, in progress
    certificate: Certificate  # STUDENT's, for `course`
    category: QuestionCategory  # course 1's bank
    bank_question: BankQuestion  # in `category`, with one revision
    export_job: ExportJob  # section 1's, waiting for the worker
    finished_export: ExportJob  # section 1's, done; its file is the test's to write
    other_export_job: ExportJob  # section 2's, waiting
    sessions: dict[str, str] = field(default_factory=dict)  # session keys, by role


def _person(username, **fields):
    return make_student(username, first_name=username.title(), last_name="Person", **fields)


def world_build() -> World:
    """Build it through the site's own services where there is one, so each
    object is what a real request would have left behind."""
    course = make_course(title="Not If. When.", slug="not-if-when")
    lesson = make_lesson(course, title="The handoff", slug="handoff")
    quiz = two_point_quiz(course, title="Handoff check", slug="handoff-check")
    draft_lesson = course.add_child(
        instance=LessonPage(
            title="Severance basics", slug="severance", summary="Soon.", live=False
        )
    )
    draft_lesson.save_revision()
    other_course = make_course(title="Salary Talks", slug="salary-talks")
    other_lesson = make_lesson(other_course, title="Asking for more", slug="asking")
    other_quiz = two_point_quiz(other_course, title="Asking check", slug="asking-check")

    users = {role: _person(role.replace("_", "")) for role in ROLES[1:-1]}
    users[ADMIN] = _person("admin", is_superuser=True, is_staff=True)
    teachers = instructors_group()
    users[INSTRUCTOR].groups.add(teachers)
    users[INSTRUCTOR_OTHER].groups.add(teachers)
    course_grant(user=users[PROFESSOR], course=course, role=Role.PROFESSOR)
    course_grant(user=users[PROFESSOR_OTHER], course=other_course, role=Role.PROFESSOR)

    section = make_section(course, name="CAREER 101 — 01", instructors=[users[INSTRUCTOR]])
    other_section = make_section(
        course, name="CAREER 101 — 02", instructors=[users[INSTRUCTOR_OTHER]]
    )
    enrollment = enroll(section, users[STUDENT], sis_user_id="S1")
    other_enrollment = enroll(other_section, users[STUDENT_OTHER], sis_user_id="S2")

    student = users[STUDENT]
    lesson_complete(student=student, lesson=lesson)
    finished_attempt = take_quiz(student, quiz, ["c1", "c0"])
    certificate = certificate_issue(student=student, course=course)
    open_attempt = attempt_start(student=student, quiz=quiz)

    category = QuestionCategory.objects.create(name="Networking/Handoffs", course=course)
    bank_question = BankQuestion.objects.create(
        category=category,
        title="Who first",
        question=[
            single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)])
        ],
    )
    bank_question.save_revision()

    instructor = users[INSTRUCTOR]
    export_job = ExportJob.objects.create(
        section=section, format="csv", language="en", requested_by=instructor
    )
    finished_export = ExportJob.objects.create(
        section=section,
        format="canvas",
        language="en",
        requested_by=instructor,
        status=ExportJob.Status.DONE,
        finished_at=timezone.now(),
        file="section-1/canvas.csv",  # written to each test's own export storage
        filename="canvas.csv",
    )
    other_export_job = ExportJob.objects.create(
        section=other_section, format="csv", language="en", requested_by=users[INSTRUCTOR_OTHER]
    )

    return World(
        users=users,
        course=course,
        lesson=lesson,
        quiz=quiz,
        draft_lesson=draft_lesson,
        other_course=other_course,
        other_lesson=other_lesson,
        other_quiz=other_quiz,
        section=section,
        other_section=other_section,
        enrollment=enrollment,
        other_enrollment=other_enrollment,
        finished_attempt=finished_attempt,
        open_attempt=open_attempt,
        certificate=certificate,
        category=category,
        bank_question=bank_question,
        export_job=export_job,
        finished_export=finished_export,
        other_export_job=other_export_job,
    )
