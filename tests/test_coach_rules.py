"""Each of the coach's built-in rules, on messages that should and should not
trigger it: what it says (a problem, something to improve, or praise) and
which sentence it points at. Curly quotes (\u2019, the apostrophe phones and
word processors type), accents, capitals and emoji are mixed into the
examples on purpose."""

import pytest

from lessons.coach.engine import coach_check
from lessons.coach.rules import BUILTIN_BY_ID, BUILTIN_RULES

FIRES, PRAISES = "fires", "praises"


def said(rule_id, text):
    """(what the rule did, the sentences it points at), or (None, ()) when it is silent.

    `sentence` in a case is a stretch of the sentence the rule must point at.
    """
    rule = BUILTIN_BY_ID[rule_id].rule()
    findings = coach_check(text=text, rules=[rule]).findings
    if not findings:
        return None, ()
    (finding,) = findings
    quoted = tuple(text[start:end] for start, end in finding.spans)
    if finding.verdict == "good":
        return PRAISES, quoted
    assert finding.verdict == rule.verdict
    return FIRES, quoted


CASES = [
    # A greeting to a crowd
    (
        "mass-greeting",
        "Dear LinkedIn Friends,\nI was laid off today.",
        FIRES,
        "Dear LinkedIn Friends,",
    ),
    ("mass-greeting", "Hi everyone! Big news from me this week.", FIRES, "Hi everyone!"),
    (
        "mass-greeting",
        "To whom it may concern: I am writing about work.",
        FIRES,
        "To whom it may concern: I am writing about work.",
    ),
    ("mass-greeting", "DEAR ALL,\nPlease read on.", FIRES, "DEAR ALL,"),
    ("mass-greeting", "Hello all 👋\nQuick update from me.", FIRES, "Hello all 👋"),
    ("mass-greeting", "Hi Dana,\nIt's Kelsey.", PRAISES, "Hi Dana,"),
    ("mass-greeting", "Dear Dr. Okafor,\nThank you for the talk.", PRAISES, "Dear Dr. Okafor,"),
    (
        "mass-greeting",
        "Héloïse, I hope the move went well.",
        PRAISES,
        "Héloïse, I hope the move went well.",
    ),
    ("mass-greeting", "Everyone says you know the freight business.", None, None),
    ("mass-greeting", "So, it's been a while.", None, None),
    # Asking to be handed off
    (
        "handoff",
        "Could you forward my résumé to a few people you know at Brightwater?",
        FIRES,
        "Could you forward my résumé to a few people you know at Brightwater?",
    ),
    (
        "handoff",
        "Hi Sam. Please pass my name along to anyone in your network!",
        FIRES,
        "Please pass my name along to anyone in your network!",
    ),
    (
        "handoff",
        "Would you go through your contacts and see who is hiring?",
        FIRES,
        "Would you go through your contacts and see who is hiring?",
    ),
    (
        "handoff",
        "I\u2019d love it if you could introduce me to someone at Halvorsen.",
        FIRES,
        "I\u2019d love it if you could introduce me to someone at Halvorsen.",
    ),
    (
        "handoff",
        "I won't forward his résumé to my contacts, since I don't know his work.",
        None,
        None,
    ),
    ("handoff", "Would you introduce me to Maria Chen, who leads analytics there?", None, None),
    ("handoff", "I forwarded your article to a few people on my team.", None, None),
    # How you know each other
    (
        "no-context",
        "Hi Dana. We met at the Ridgefield career panel in April.",
        PRAISES,
        "We met at the Ridgefield career panel in April.",
    ),
    (
        "no-context",
        "Professor Ames suggested I reach out to you.",
        PRAISES,
        "Professor Ames suggested I reach out to you.",
    ),
    (
        "no-context",
        "You were my manager at Corliss Freight in 2024.",
        PRAISES,
        "You were my manager at Corliss Freight in 2024.",
    ),
    (
        "no-context",
        "It\u2019s been a while since the carrier dashboard!",
        PRAISES,
        "It\u2019s been a while since the carrier dashboard!",
    ),
    (
        "no-context",
        "Thanks for your email about Marcus.",
        PRAISES,
        "Thanks for your email about Marcus.",
    ),
    ("no-context", "Hi Dana, I'm looking for work in operations. Could we talk?", FIRES, None),
    # One clear ask
    ("no-clear-ask", "Hi Dana, I was laid off last week and wanted you to know.", FIRES, None),
    (
        "no-clear-ask",
        "Would you have 20 minutes next week for a call? No worries if not.",
        PRAISES,
        "Would you have 20 minutes next week for a call?",
    ),
    (
        "no-clear-ask",
        "Let me know if you have time for coffee on Friday.",
        PRAISES,
        "Let me know if you have time for coffee on Friday.",
    ),
    ("no-clear-ask", "Could you review my résumé? Could you also call your boss?", None, None),
    ("no-clear-ask", "Could you send my résumé to anyone you know?", None, None),
    ("no-clear-ask", "Would you keep me in mind if anything opens up?", None, None),
    # A vague ask
    (
        "vague-ask",
        "Anything you can do would mean a lot.",
        FIRES,
        "Anything you can do would mean a lot.",
    ),
    (
        "vague-ask",
        "Please keep me in mind if you hear of something.",
        FIRES,
        "Please keep me in mind if you hear of something.",
    ),
    ("vague-ask", "ANY HELP you can give is welcome.", FIRES, "ANY HELP you can give is welcome."),
    (
        "vague-ask",
        "Would you have 20 minutes to tell me how you'd approach the search?",
        None,
        None,
    ),
    # More than one ask
    (
        "several-asks",
        "Would you be a reference? And do you know anyone at Brightline?",
        FIRES,
        "Would you be a reference?",
    ),
    (
        "several-asks",
        "Could you review my résumé, and could you also introduce me to Ana?",
        FIRES,
        "Could you review my résumé, and could you also introduce me to Ana?",
    ),
    ("several-asks", "Would you have 15 minutes this week? Thanks either way.", None, None),
    # A job or a target list
    ("job-or-list", "Are you hiring? I'm free right away.", FIRES, "Are you hiring?"),
    (
        "job-or-list",
        "Does your team have any openings for an analyst?",
        FIRES,
        "Does your team have any openings for an analyst?",
    ),
    (
        "job-or-list",
        "My target companies: Halvorsen Logistics, Brightwater Foods, Corliss and Ridgeway.",
        FIRES,
        "My target companies: Halvorsen Logistics, Brightwater Foods, Corliss and Ridgeway.",
    ),
    (
        "job-or-list",
        "Here are the companies I'm aiming for:\n- Halvorsen\n- Brightwater Foods\n- Corliss",
        FIRES,
        "- Halvorsen",
    ),
    ("job-or-list", "I worked with Ana, Ben, and Carla on the dashboard.", None, None),
    ("job-or-list", "Would you tell me how you found your role at Brightwater?", None, None),
    # Whose time you offer
    (
        "volunteered-time",
        "I told Marcus you\u2019d be happy to help.",
        FIRES,
        "I told Marcus you\u2019d be happy to help.",
    ),
    (
        "volunteered-time",
        "My uncle will be glad to talk to you.",
        FIRES,
        "My uncle will be glad to talk to you.",
    ),
    (
        "volunteered-time",
        "I promised Priya that you would look at her résumé.",
        FIRES,
        "I promised Priya that you would look at her résumé.",
    ),
    (
        "volunteered-time",
        "I\u2019d be happy to look over your résumé.",
        PRAISES,
        "I\u2019d be happy to look over your résumé.",
    ),
    (
        "volunteered-time",
        "I can send you two articles on freight pricing.",
        PRAISES,
        "I can send you two articles on freight pricing.",
    ),
    ("volunteered-time", "Could you spare 15 minutes?", None, None),
    # About them, not only you
    (
        "about-me",
        "I am looking for a job. I have five years of experience in operations. I want a "
        "role where my skills count. My résumé is attached. I think I would be great. I hope "
        "to hear back.",
        FIRES,
        "I want a role where my skills count.",
    ),
    (
        "about-me",
        "Your talk on warehouse scheduling stayed with me. I'd love to hear how your team "
        "decides what to measure, and what you wish you had known when you started.",
        PRAISES,
        None,
    ),
    ("about-me", "I was let go. I am fine.", None, None),
    # Length
    ("too-long", " ".join(["We met at the panel and I enjoyed it."] * 20), FIRES, None),
    ("too-long", " ".join(["We met at the panel and I enjoyed it."] * 6), PRAISES, None),
    ("too-long", "Thanks, Dana!", None, None),
    # Paragraphs
    (
        "wall-of-text",
        " ".join(["I worked on the carrier dashboard for a year."] * 10),
        FIRES,
        "I worked on the carrier dashboard for a year.",
    ),
    (
        "wall-of-text",
        "\n\n".join(["I worked on the carrier dashboard for a year. " * 3] * 3),
        None,
        None,
    ),
    # An easy way to say no
    (
        "no-easy-out",
        "Would you have time? No worries if the timing is bad.",
        PRAISES,
        "No worries if the timing is bad.",
    ),
    (
        "no-easy-out",
        "Totally understand if now isn\u2019t a good time.",
        PRAISES,
        "Totally understand if now isn\u2019t a good time.",
    ),
    ("no-easy-out", "Would you have time this week? I need an answer.", FIRES, None),
    # Thanks
    ("no-thanks", "Could we talk? Thanks! 🙏", PRAISES, "Thanks! 🙏"),
    ("no-thanks", "I\u2019d really appreciate it.", PRAISES, "I\u2019d really appreciate it."),
    ("no-thanks", "Could we talk on Friday?", FIRES, None),
    # Who it is from
    (
        "not-recognisable",
        "Hi Andre, I'm Kelsey Moreno. We met in April.",
        PRAISES,
        "I'm Kelsey Moreno.",
    ),
    ("not-recognisable", "Could we talk?\n\nBest,\nKelsey Moreno", PRAISES, "Kelsey Moreno"),
    (
        "not-recognisable",
        "Could we talk?\n— José Núñez | ops analyst",
        PRAISES,
        "— José Núñez | ops analyst",
    ),
    ("not-recognisable", "Thanks again,\nSiobhán O\u2019Neill", PRAISES, "Siobhán O\u2019Neill"),
    (
        "not-recognisable",
        "Cheers, Anne-Marie de la Cruz",
        PRAISES,
        "Cheers, Anne-Marie de la Cruz",
    ),
    ("not-recognisable", "Could we talk?\n\nThanks,\nKelsey", FIRES, None),
    ("not-recognisable", "could we talk? thanks a lot", FIRES, None),
]


@pytest.mark.parametrize(
    ("rule_id", "text", "expected", "sentence"),
    CASES,
    ids=[f"{case[0]}-{number}" for number, case in enumerate(CASES)],
)
def test_each_rule_on_messages_that_should_and_should_not_trigger_it(
    rule_id, text, expected, sentence
):
    outcome, quoted = said(rule_id, text)

    assert outcome == expected
    if sentence is not None:
        assert any(sentence in quote for quote in quoted), quoted


def test_every_rule_has_examples_that_trigger_it_and_that_do_not():
    fired = {case[0] for case in CASES if case[2] == FIRES}
    quiet = {case[0] for case in CASES if case[2] != FIRES}

    assert fired == quiet == set(BUILTIN_BY_ID)
    assert len(BUILTIN_RULES) >= 10


def test_every_rule_says_what_it_looks_for_and_teaches_from_a_lesson():
    for rule in BUILTIN_RULES:
        assert rule.id and rule.name and rule.looks_for and rule.message, rule.id
        assert rule.verdict in ("improve", "problem")
        assert rule.lesson_slug, rule.id


KELSEY_BEFORE = (
    "Dear LinkedIn Friends,\n\nAs many of you know, I'm looking for my next opportunity. "
    "I've attached my target list (Halvorsen Logistics, Brightwater Foods, Corliss Freight, "
    "and 9 others). Could you forward my résumé to a few people you know there? Anything "
    "you can do would be amazing!! I told Sam you'd be happy to help."
)
KELSEY_AFTER = (
    "Hi Andre,\n\nI'm Kelsey Moreno. We met at the Ridgefield College career panel in April, "
    "when you talked about warehouse scheduling. I was laid off from a coordinator role last "
    "month and I'm aiming for operations analyst jobs.\n\nWould you have 20 minutes in the "
    "next few weeks to tell me how you'd approach the search? Totally understand if now's "
    "not a good time.\n\nThank you,\nKelsey Moreno"
)


def test_a_message_that_does_everything_the_course_teaches_has_no_problems():
    feedback = coach_check(text=KELSEY_AFTER, rules=[rule.rule() for rule in BUILTIN_RULES])

    assert feedback.problems == 0
    assert feedback.improvements == 0
    assert {finding.rule for finding in feedback.findings} >= {
        "mass-greeting",
        "no-context",
        "no-clear-ask",
        "no-easy-out",
        "no-thanks",
        "not-recognisable",
    }


def test_a_message_that_does_everything_the_course_warns_against_hears_about_each():
    feedback = coach_check(text=KELSEY_BEFORE, rules=[rule.rule() for rule in BUILTIN_RULES])

    problems = {f.rule for f in feedback.findings if f.verdict == "problem"}
    assert problems == {
        "mass-greeting",
        "handoff",
        "no-context",
        "job-or-list",
        "volunteered-time",
        "not-recognisable",
    }
    verdicts = [finding.verdict for finding in feedback.findings]
    assert verdicts == sorted(verdicts, key=["good", "problem", "improve"].index)
