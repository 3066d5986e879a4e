"""The smallest page trees tests need, built the way the admin builds them."""

from django.contrib.auth import get_user_model
from wagtail.models import Collection, Locale, Page, Site

from course.models import CourseIndexPage, CoursePage
from lessons.models import LessonPage
from quizzes.models import QuizPage
from quizzes.services import answer_save, attempt_start, attempt_submit


def catalog():
    """The site's home, which the `course` migrations create."""
    return Site.objects.get(is_default_site=True).root_page.specific


def site_as_migrated():
    """Rebuild what migrations leave (locale, root page and collection,
    catalog, default site)
    where a transactional test before this one flushed the database."""
    if Site.objects.filter(is_default_site=True).exists():
        return catalog()
    Locale.objects.get_or_create(language_code="en")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=CourseIndexPage(title="Soft Landing", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_course(parent=None, **fields):
    fields.setdefault("title", "Course")
    fields.setdefault("summary", "A course.")
    return publish(parent or catalog(), CoursePage(**fields))


def make_lesson(course, **fields):
    fields.setdefault("title", f"Lesson {course.get_children_count() + 1}")
    fields.setdefault("summary", "A lesson.")
    fields.setdefault(
        "body",
        [
            ("heading", {"text": f"About {fields['title']}", "level": "h2"}),
            ("text", "<p>Something worth reading.</p>"),
        ],
    )
    return publish(course, LessonPage(**fields))


def practice(key, *, scenario="Ask Dana for twenty minutes of advice.", required=False, **fields):
    """A practice block ("Practice: write the message") as raw stream data."""
    return (
        "practice",
        {
            "title": fields.get("title", "Practice: write the message"),
            "scenario": f"<p>{scenario}</p>",
            "incoming": fields.get("incoming", ""),
            "key": key,
            "required": required,
        },
    )


def make_course_with_lessons(count, **fields):
    course = make_course(**fields)
    lessons = [make_lesson(course, title=f"Lesson {n}") for n in range(1, count + 1)]
    return course, lessons


def make_student(username="sam", **fields):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password="not-if-when", **fields
    )


def single_choice(prompt, choices, *, points=1, explanation=""):
    (
        """A single-choice question as raw stream data; `choices` are
    (text, correct[, feedback[, credit]])."""
        ""
    )
    return (
        "single_choice",
        {
            "prompt": f"<p>{prompt}</p>",
            "choices": [_choice(*choice) for choice in choices],
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            "points": points,
        },
    )


def multiple_answer(prompt, choices, *, scoring="all_or_nothing", points=1, explanation=""):
    return (
        "multiple_answer",
        {
            "prompt": f"<p>{prompt}</p>",
            "choices": [_choice(*choice) for choice in choices],
            "scoring": scoring,
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            "points": points,
        },
    )


def true_false(prompt, correct, *, feedback_true="", feedback_false="", points=1, explanation=""):
    return (
        "true_false",
        {
            "prompt": f"<p>{prompt}</p>",
            "correct_answer": "true" if correct else "false",
            "feedback_true": feedback_true,
            "feedback_false": feedback_false,
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            "points": points,
        },
    )


def numeric(
    prompt,
    answer,
    *,
    tolerance=0,
    unit="",
    feedback="",
    partial_answers=(),
    other_feedback="",
    points=1,
    explanation="",
):
    """A numeric question; `partial_answers` are `partly_right_number()`s."""
    return (
        "numeric",
        {
            "prompt": f"<p>{prompt}</p>",
            "answer": answer,
            "tolerance": tolerance,
            "minimum": None,
            "maximum": None,
            "unit": unit,
            "feedback": feedback,
            "partial_answers": list(partial_answers),
            "other_feedback": other_feedback,
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            "points": points,
        },
    )


def partly_right_number(answer, credit, *, tolerance=0, feedback=""):
    return {
        "answer": answer,
        "tolerance": tolerance,
        "minimum": None,
        "maximum": None,
        "credit": credit,
        "feedback": feedback,
    }


def short_text(
    prompt, accepted, *, case_sensitive=False, other_feedback="", points=1, explanation=""
):
    """`accepted` is a list of texts, or of (text, credit[, feedback]) tuples."""
    return (
        "short_text",
        {
            "prompt": f"<p>{prompt}</p>",
            "accepted_answers": [
                _accepted(*((item,) if isinstance(item, str) else item)) for item in accepted
            ],
            "case_sensitive": case_sensitive,
            "other_feedback": other_feedback,
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            "points": points,
        },
    )


def _accepted(text, credit=100, feedback=""):
    return {"text": text, "credit": credit, "feedback": feedback}


def _choice(text, correct, feedback="", credit=None):
    """A choice; `credit` (percent) is for partly right choices and weighted scoring."""
    return {"text": text, "correct": correct, "credit": credit, "feedback": feedback}


def make_quiz(course, questions=None, **fields):
    """A published quiz; `questions` are raw stream data, e.g. from `single_choice()`."""
    fields.setdefault("title", f"Quiz {course.get_children_count() + 1}")
    fields["questions"] = questions or [
        single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)])
    ]
    return publish(course, QuizPage(**fields))


def two_point_quiz(course, **fields):
    """A quiz of two one-point questions; "c1", "c0" answers both right."""
    return make_quiz(
        course,
        [
            single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)]),
            single_choice("What do you send?", [("One clear ask", True), ("A list", False)]),
        ],
        **fields,
    )


def take_quiz(student, quiz, choices):
    """One submitted attempt, answering the questions in the professor's order.

    `choices` are choice ids ("c0" for the first choice), one per question.
    """
    attempt = attempt_start(student=student, quiz=quiz)
    for response, choice in zip(attempt.responses.order_by("position"), choices, strict=True):
        answer_save(attempt=attempt, question_key=response.question_key, answer=choice, version=0)
    return attempt_submit(attempt=attempt)


def make_section(
    course=None, *, name="CAREER 101 — Spring 2027 — 02", term="Spring 2027", **fields
):
    """A section of `course` (a new one if None) with a fresh join code."""
    from classes.services import section_create

    return section_create(course=course or make_course(), name=name, term=term, **fields)


def enroll(section, student, **fields):
    """An active enrollment of `student` in `section`, as a join or a roster makes."""
    from classes.models import Enrollment

    return Enrollment.objects.create(section=section, student=student, **fields)


def make_instructor(username="ines", **fields):
    """A person who teaches: an account in the "Instructors" group, named
    after the username ("ines" is Ines Teacher) unless told otherwise."""
    fields.setdefault("first_name", username.title())
    fields.setdefault("last_name", "Teacher")
    user = make_student(username, **fields)
    user.groups.add(instructors_group())
    return user


def make_professor(course, username="paula", **fields):
    """A person who writes `course`: granted the Professor role on it, after
    the "Professors" group the migrations make (with its question-bank
    permissions) is rebuilt, as `instructors_group` does for instructors."""
    from importlib import import_module

    from django.apps import apps

    from course.roles import Role, course_grant

    import_module("course.migrations.0003_roles").create_group(apps, None)
    import_module("quizzes.migrations.0003_professors_manage_question_banks").grant(apps, None)
    fields.setdefault("first_name", username.title())
    fields.setdefault("last_name", "Professor")
    user = make_student(username, **fields)
    course_grant(user=user, course=course, role=Role.PROFESSOR)
    return user


def bank_question_form(category, title, prompt):
    """What the admin's question form posts: one true/false question in `category`."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "category": category.pk,
            "title": title,
            "question": streamfield(
                [
                    (
                        "true_false",
                        {
                            "prompt": rich_text(prompt),
                            "correct_answer": "false",
                            "feedback_true": "",
                            "feedback_false": "",
                            "explanation": rich_text(""),
                            "points": "1",
                        },
                    )
                ]
            ),
        }
    )


def instructors_group():
    """The "Instructors" group the migrations make, rebuilt first where a
    transactional (browser) test before this one flushed it."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    migration = import_module("classes.migrations.0003_instructors_group")
    migration.create_group(apps, None)
    return Group.objects.get(name=migration.GROUP)
