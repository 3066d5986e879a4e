"""A professor's own rules: a list of phrases, or a regular expression.

Phrases are the safe default: each is matched as whole words, ignoring
case, accents and curly quotes, with any run of spaces between its words.
A pattern is a Python regular expression, matched the same way.

Some patterns take practically forever on the wrong text ("catastrophic
backtracking", e.g. `(a+)+$` on a long run of a's). So a pattern is read
before it is saved and refused, with a reason a professor can act on, when
it has a shape that can blow up: a repeat inside a repeat, a repeated
choice, a back-reference, more than two open-ended (or very long) repeats,
or anything that matches an empty text. What is left runs in time
polynomial in the length of what it reads, one sentence at a time, in
windows of a few hundred characters.

Polynomial can still be slow (`[a-z ]*[a-z ]*q[0-9]` is cubic), and no
reading of a pattern rules that out, so patterns run on the `regex`
module, which Python's `re` matches in syntax and which, unlike `re`, can
stop a search half way: each rule gets `TIME_LIMIT` per message, and a
rule that runs out says nothing about that message and is logged.
"""

import logging
import re
import re._constants as sre
import re._parser as sre_parse
import time

import regex
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lessons.coach.engine import Detector, Outcome, when_found, when_missing
from lessons.coach.text import Message, text_fold

logger = logging.getLogger(__name__)

FLAGS = re.IGNORECASE
MAX_PATTERN_LENGTH = 200
MAX_PHRASES = 50
MAX_PHRASE_LENGTH = 120
MAX_OPEN_REPEATS = 2  # *, + and {n,} in one pattern
LONG_REPEAT = 100  # a bounded repeat of more than this counts as open-ended
WINDOW = 400  # characters of a sentence searched at once
OVERLAP = 100  # so a match across a window's edge is still found
TIME_LIMIT = 0.25  # seconds one rule may search one message
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class Kind(models.TextChoices):
    PHRASES = "phrases", _("Phrases")
    PATTERN = "pattern", _("Pattern (regular expression)")


class When(models.TextChoices):
    FOUND = "found", _("When the message contains it")
    MISSING = "missing", _("When the message lacks it")


class PatternRefused(ValueError):
    """A pattern the coach will not run, with the reason for the professor."""


def _walk(items, *, in_repeat: bool, counts: dict) -> None:
    """Look through a parsed pattern for the shapes that can blow up."""
    for op, value in items:
        if op in REPEATS:
            _low, high, body = value
            repeats = high > 1
            if repeats and in_repeat:
                raise PatternRefused(
                    gettext(
                        "A repeat inside a repeat, such as (a+)+ or (\\w+\\s?)*, can take "
                        "practically forever on some messages. Repeat a single thing instead, "
                        "such as \\w+ or [a-z ]+."
                    )
                )
            if repeats and _has_branch(body):
                raise PatternRefused(
                    gettext(
                        "A repeated choice, such as (a|ab)+, can take practically forever on "
                        "some messages. Write the choices out without repeating the group."
                    )
                )
            if high > LONG_REPEAT:
                counts["open"] += 1
            _walk(body, in_repeat=in_repeat or repeats, counts=counts)
        elif op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            raise PatternRefused(
                gettext(
                    "Back-references such as \\1 are not allowed: they can make checking a "
                    "message very slow."
                )
            )
        elif op is sre.SUBPATTERN:
            _walk(value[-1], in_repeat=in_repeat, counts=counts)
        elif op is sre.BRANCH:
            for alternative in value[1]:
                _walk(alternative, in_repeat=in_repeat, counts=counts)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _walk(value[1], in_repeat=in_repeat, counts=counts)
        elif op is sre.ATOMIC_GROUP:
            _walk(value, in_repeat=in_repeat, counts=counts)


def _has_branch(items) -> bool:
    for op, value in items:
        if op is sre.BRANCH:
            return True
        if op is sre.SUBPATTERN and _has_branch(value[-1]):
            return True
        if op in REPEATS and _has_branch(value[2]):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT) and _has_branch(value[1]):
            return True
    return False


def pattern_compile(source: str) -> regex.Pattern:
    """The professor's pattern, folded and compiled, or PatternRefused saying why."""
    if not source.strip():
        raise PatternRefused(gettext("Write a pattern."))
    if len(source) > MAX_PATTERN_LENGTH:
        raise PatternRefused(
            gettext("Keep a pattern under %(limit)d characters.") % {"limit": MAX_PATTERN_LENGTH}
        )
    folded = text_fold(source)
    try:
        parsed = sre_parse.parse(folded, FLAGS)
        compiled = regex.compile(folded, FLAGS)
    except (re.error, regex.error) as error:
        raise PatternRefused(
            gettext("This is not a valid regular expression: %(error)s.") % {"error": error}
        ) from error
    counts = {"open": 0}
    _walk(parsed, in_repeat=False, counts=counts)
    if counts["open"] > MAX_OPEN_REPEATS:
        raise PatternRefused(
            gettext(
                "Use at most %(limit)d open-ended repeats (*, + or {n,}) in one pattern; each "
                "one makes checking slower. Bound them instead, such as \\w{1,30}."
            )
            % {"limit": MAX_OPEN_REPEATS}
        )
    if compiled.search("") is not None:
        raise PatternRefused(
            gettext(
                "This pattern matches an empty text, so it would fire on every sentence. "
                "Make at least one part of it required."
            )
        )
    return compiled


def phrases_compile(text: str) -> regex.Pattern:
    """One pattern for a list of phrases (one per line), matched as whole words."""
    phrases = [line.strip() for line in text.splitlines() if line.strip()]
    if not phrases:
        raise PatternRefused(gettext("Write at least one phrase."))
    if len(phrases) > MAX_PHRASES:
        raise PatternRefused(
            gettext("Use at most %(limit)d phrases in one rule.") % {"limit": MAX_PHRASES}
        )
    if any(len(phrase) > MAX_PHRASE_LENGTH for phrase in phrases):
        raise PatternRefused(
            gettext("Keep each phrase under %(limit)d characters.") % {"limit": MAX_PHRASE_LENGTH}
        )
    alternatives = [r"\s+".join(map(re.escape, text_fold(p).split())) for p in phrases]
    return regex.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])", FLAGS)


def rule_compile(*, kind: str, phrases: str, pattern: str) -> regex.Pattern:
    """A custom rule's matcher, by its kind; PatternRefused when it cannot be used."""
    if kind == Kind.PATTERN:
        return pattern_compile(pattern)
    return phrases_compile(phrases)


def _search(compiled: regex.Pattern, text: str, *, deadline: float) -> bool:
    """Whether `compiled` finds something in `text`, window by window; TimeoutError
    once `deadline` (a `time.monotonic()`) has passed."""
    start = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        if compiled.search(text, start, start + WINDOW, timeout=left) is not None:
            return True
        if start + WINDOW >= len(text):
            return False
        start += WINDOW - OVERLAP


def custom_detector(*, compiled: regex.Pattern, when: str) -> Detector:
    """A detector that fires on the sentences `compiled` finds (When.FOUND),
    or when it finds none (When.MISSING); silent on a message it could not
    read in `TIME_LIMIT`."""

    def detect(message: Message) -> Outcome | None:
        deadline = time.monotonic() + TIME_LIMIT
        try:
            hits = tuple(
                s.index
                for s in message.sentences
                if _search(compiled, s.folded, deadline=deadline)
            )
        except TimeoutError:
            logger.warning(
                "Coach pattern %r ran out of time on a %d-character message; it said nothing.",
                compiled.pattern,
                len(message.text),
            )
            return None
        return when_missing(hits) if when == When.MISSING else when_found(hits)

    return detect
