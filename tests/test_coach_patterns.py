"""A professor's own rules: phrases match whatever the student's quotes,
accents and capitals; patterns run as written; and a pattern that could
make a check take practically forever is refused, with a reason a professor
can act on, before it is ever saved or run."""

import time

import pytest

from lessons.coach.engine import Rule, coach_check
from lessons.coach.patterns import (
    Kind,
    PatternRefused,
    When,
    custom_detector,
    pattern_compile,
    phrases_compile,
    rule_compile,
)


def custom(compiled, *, when=When.FOUND, verdict="problem"):
    return Rule(
        id="custom-1",
        name="Sorry to bother",
        verdict=verdict,
        message="Don't apologise for asking.",
        detect=custom_detector(compiled=compiled, when=when),
    )


def quoted(text, rule):
    return [
        text[start:end]
        for finding in coach_check(text=text, rules=[rule]).findings
        for start, end in finding.spans
    ]


def test_phrases_match_whole_words_ignoring_case_accents_curly_quotes_and_spacing():
    rule = custom(phrases_compile("sorry to bother you\nI know you\u2019re busy\nrésumé blast"))
    text = "Hi Dana.\nSORRY  to bother you!\nI know you're busy. My resume blast failed."

    assert quoted(text, rule) == [
        "SORRY  to bother you!",
        "I know you're busy.",
        "My resume blast failed.",
    ]
    assert quoted("I'm sorry to bothering you.", rule) == []


def test_a_rule_can_speak_when_something_is_missing():
    rule = custom(phrases_compile("Ridgefield"), when=When.MISSING, verdict="improve")

    assert coach_check(text="We met at the fair.", rules=[rule]).improvements == 1
    assert coach_check(text="We met at Ridgefield.", rules=[rule]).findings == ()


def test_a_good_custom_rule_praises_the_sentence():
    rule = custom(pattern_compile(r"\b\d{1,2}[- ]minutes?\b"), verdict="good")

    (finding,) = coach_check(text="Hi. Could we talk for 15 minutes?", rules=[rule]).findings

    assert finding.verdict == "good"
    assert finding.message == "Don't apologise for asking."


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a+)+$", "A repeat inside a repeat"),
        (r"(\w+\s?)*$", "A repeat inside a repeat"),
        (r"(?:(?:ab)*c)+", "A repeat inside a repeat"),
        (r"(.*a){12}", "A repeat inside a repeat"),
        (r"(a|aa)+b", "A repeated choice"),
        (r"(?:dear|hi)*", "A repeated choice"),
        (r"(x)\1", "Back-references"),
        (r"(?P<w>\w)(?P=w)", "Back-references"),
        (r".*a.*b.*c", "open-ended repeats"),
        (r"[a-z ]{0,400}[a-z ]{0,400}[a-z ]{0,400}q", "open-ended repeats"),
        (r"sorry|", "matches an empty text"),
        (r"(unclosed", "not a valid regular expression"),
        ("a" * 201, "under 200 characters"),
        ("   ", "Write a pattern"),
    ],
)
def test_a_pattern_that_could_blow_up_is_refused_with_the_reason(pattern, reason):
    with pytest.raises(PatternRefused) as refused:
        pattern_compile(pattern)

    assert reason in str(refused.value)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bsorry (?:to|for) (?:bother|disturb)",
        r"(?:dear|hi) (?:all|everyone)",
        r"\b\w+@\w+\.com\b",
        r"dear .* friends",
        r"(?<!not )\burgent(?:ly)?\b",
    ],
)
def test_ordinary_patterns_are_accepted(pattern):
    assert pattern_compile(pattern).pattern


def test_a_long_sentence_is_read_to_its_last_word():
    """The windows a long sentence is searched in reach its very end."""
    rule = custom(phrases_compile("Brightwater"))
    sentence = "I spent " + "many long weeks " * 26 + "at Brightwater"

    assert quoted(sentence, rule) == [sentence]


def test_accepted_patterns_stay_fast_on_hostile_text():
    """Every accepted shape, on 2,000 words built to make a backtracking
    search work hard: the coach reads one sentence at a time, in windows."""
    hostile = ("a" * 3000 + " ") * 4 + ("Dear " * 800) + ("x," * 2000)
    rules = [
        custom(pattern_compile(pattern))
        for pattern in (r"dear .* friends", r"a+b", r"(?:x,)?\w+ zz", r"[a ]+!")
    ]

    started = time.perf_counter()
    coach_check(text=hostile, rules=rules)

    assert time.perf_counter() - started < 2  # seconds; a catastrophic one would never end


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"[a-z ]*[a-z ]*q", "a " * 10_000),
        (r".*.*x", "a" * 20_000),
        # Slow on any backtracking engine: the q is there, the digit never is.
        (r"[a-z ]*[a-z ]*q\d", ("a " * 100 + "q ") * 100),
    ],
)
def test_an_accepted_pattern_that_backtracks_is_stopped_in_time(pattern, text):
    """Shapes no reading of a pattern can rule out, on a 20,000-character
    sentence: whatever the search makes of them, the check is done in time."""
    rule = custom(pattern_compile(pattern))

    started = time.perf_counter()
    feedback = coach_check(text=text, rules=[rule])

    assert time.perf_counter() - started < 2  # seconds; unbounded, each takes from 8 s to minutes
    assert feedback.findings == ()


def test_a_pattern_that_runs_out_of_time_is_logged(caplog):
    rule = custom(pattern_compile(r"[a-z ]*[a-z ]*q\d"), when=When.MISSING)

    feedback = coach_check(text=("a " * 100 + "q ") * 100, rules=[rule])

    assert feedback.findings == ()  # it could not tell, so it does not say "missing"
    assert "ran out of time" in caplog.text
    assert repr(r"[a-z ]*[a-z ]*q\d") in caplog.text


def test_rule_compile_uses_what_the_kind_says():
    assert rule_compile(kind=Kind.PHRASES, phrases="hire me", pattern="(a+)+").search("hire me")
    with pytest.raises(PatternRefused):
        rule_compile(kind=Kind.PATTERN, phrases="hire me", pattern="(a+)+")
    with pytest.raises(PatternRefused):
        rule_compile(kind=Kind.PHRASES, phrases="\n \n", pattern="")
