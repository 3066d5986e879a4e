"""Classmates for the demo class, so the demo instructor's roster, gradebook,
charts and item analysis have a class to show. Development only, like every
demo account (`seed_demo` refuses when DEBUG is off).

The classmates are the same on every run: a fixed seed decides how far each
got and which questions they missed, and a second run finds them already
there and adds nothing.
"""

import random

from django.contrib.auth import get_user_model

from classes.models import Enrollment
from course.selectors import course_items
from lessons.models import LessonPage
from lessons.services import lesson_complete
from quizzes.models import QuizPage
from quizzes.services import answers_save, attempt_start, attempt_submit

SEED = 2027
PASSWORD = "not-if-when-classmate"
CLASSMATES = [
    ("Aiko", "Tanaka"),
    ("Mateo", "García"),
    ("Chidi", "Okeke"),
    ("Leila", "Haddad"),
    ("Minh Anh", "Nguyễn"),
    ("Hannah", "Schmidt"),
    ("Ravi", "Iyer"),
    ("Zoë", "Ñúñez"),
    ("Jonas", "Berg"),
    ("Amara", "Diallo"),
    ("Wei", "Zhang"),
    ("Noor", "Al-Rashid"),
]


def demo_classmates_seed(*, section) -> int:
    """Enroll the classmates in `section` with varied progress; return how many."""
    User = get_user_model()
    chance = random.Random(SEED)
    items = course_items(course=section.course)
    for index, (first, last) in enumerate(CLASSMATES):
        username = f"classmate{index + 1}"
        student, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.edu", "first_name": first, "last_name": last},
        )
        skill = chance.uniform(0.35, 0.95)
        reached = chance.randint(1, len(items)) if items else 0
        if created:
            student.set_password(PASSWORD)
            student.save(update_fields=["password"])
        Enrollment.objects.get_or_create(
            student=student, section=section, defaults={"sis_user_id": f"S{1000 + index}"}
        )
        if created:
            _work_through(student, items[:reached], skill=skill, chance=chance)
    return len(CLASSMATES)


def _work_through(student, items, *, skill, chance):
    for item in items:
        if isinstance(item, LessonPage):
            lesson_complete(student=student, lesson=item)
        elif isinstance(item, QuizPage):
            tries = chance.choice([1, 1, 2])
            for _try in range(min(tries, item.attempts_allowed or tries)):
                _take(student, item, skill=skill, chance=chance)


def _take(student, quiz, *, skill, chance):
    attempt = attempt_start(student=student, quiz=quiz)
    answers = {
        entry["key"]: (
            demo_answer(entry["question"], right=chance.random() < skill, chance=chance),
            0,
        )
        for entry in attempt.questions
    }
    answers_save(attempt=attempt, answers=answers)
    attempt_submit(attempt=attempt)


def demo_answer(snapshot, *, right, chance):
    """An answer a student might give: the key when `right`, a plausible slip otherwise."""
    kind = snapshot["type"]
    if kind in ("single_choice", "multiple_answer"):
        correct = [c["id"] for c in snapshot["choices"] if c["correct"]]
        wrong = [c["id"] for c in snapshot["choices"] if not c["correct"]] or correct
        if kind == "single_choice":
            return correct[0] if right else chance.choice(wrong)
        return correct if right else [chance.choice(wrong)]
    if kind == "true_false":
        return snapshot["correct_answer"] if right else not snapshot["correct_answer"]
    if kind == "numeric":
        target = snapshot["answer"]
        if target is None:
            target = snapshot["minimum"]
        return target if right else target + 10 * (snapshot["tolerance"] + 1)
    return snapshot["accepted_answers"][0]["text"] if right else "not sure"
