"""The coach's built-in rules: what the course teaches about a request,
turned into checks a student can read the reasons for.

Each rule is a `RuleDefinition`: an id that never changes (professors'
settings and stored feedback refer to it), a name, what it looks for, its
verdict and teaching messages, the slug of the lesson of the bundled course
that explains it, and a detector from `lessons.coach.detectors`.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from lessons.coach.detectors import (
    about_me,
    handoff,
    job_or_list,
    mass_greeting,
    no_clear_ask,
    no_context,
    no_easy_out,
    no_thanks,
    not_recognisable,
    several_asks,
    too_long,
    vague_ask,
    volunteered_time,
    wall_of_text,
)
from lessons.coach.engine import Detector, Rule, Verdict


@dataclass(frozen=True)
class RuleDefinition:
    """A built-in rule as it comes; a course's professors may switch it off,
    change its verdict and messages, or point it at another lesson."""

    id: str
    name: str
    looks_for: str
    verdict: str
    message: str
    good_message: str
    lesson_slug: str
    detect: Detector

    def rule(self, **changes) -> Rule:
        """The engine's rule, with a course's changes (see `course_coach_rules`)."""
        base = Rule(
            id=self.id,
            name=self.name,
            verdict=self.verdict,
            message=self.message,
            good_message=self.good_message,
            detect=self.detect,
        )
        return replace(base, **changes)


PROBLEM, IMPROVE = Verdict.PROBLEM.value, Verdict.IMPROVE.value
CONNECTION = "a-connection-is-not-a-contact"
HANDOFF = "the-networking-handoff"
NETWORKS = "other-peoples-networks"
ASKING = "asking-well"
BUILDING = "building-your-own-connections"

BUILTIN_RULES = (
    RuleDefinition(
        id="mass-greeting",
        name=_("Greeting"),
        looks_for=_(
            '"Dear LinkedIn Friends", "Dear all", "To whom it may concern", "Hi everyone".'
        ),
        verdict=PROBLEM,
        message=_(
            "A greeting to everyone tells each reader they are on a list, and nobody rushes "
            "to help a list. Open with the name of the one person you chose to write to."
        ),
        good_message=_("You open with one person's name, so they know you chose them."),
        lesson_slug=CONNECTION,
        detect=mass_greeting,
    ),
    RuleDefinition(
        id="handoff",
        name=_("Asking to be handed off"),
        looks_for=_(
            'Asking the reader to forward you to people they know, or to "anyone in your network".'
        ),
        verdict=PROBLEM,
        message=_(
            "This asks them to pass you along to people you have never met: the networking "
            "handoff. It spends their trust, not your effort. Ask for something they can give "
            "themselves, such as twenty minutes of advice, and let them decide whether to "
            "introduce you to anyone."
        ),
        good_message="",
        lesson_slug=HANDOFF,
        detect=handoff,
    ),
    RuleDefinition(
        id="no-context",
        name=_("How you know each other"),
        looks_for=_(
            "A line on where you met, when you worked together, or who suggested you write."
        ),
        verdict=PROBLEM,
        message=_(
            "Nothing here tells them how you know each other, so the first thing they will "
            "wonder is who you are. In the first lines, say where you met, what you worked on "
            "together, or who suggested you write."
        ),
        good_message=_("You say how you know each other, so they can place you at once."),
        lesson_slug=ASKING,
        detect=no_context,
    ),
    RuleDefinition(
        id="no-clear-ask",
        name=_("One clear ask"),
        looks_for=_("A request they can answer yes or no: a question, or a clear next step."),
        verdict=PROBLEM,
        message=_(
            "There is no clear request, so there is nothing to say yes to. Ask for one small, "
            "specific thing, such as a 20-minute call in the next two weeks."
        ),
        good_message=_("One clear, specific ask: easy to say yes to."),
        lesson_slug=ASKING,
        detect=no_clear_ask,
    ),
    RuleDefinition(
        id="vague-ask",
        name=_("A vague ask"),
        looks_for=_('"Anything you can do", "any help", "keep me in mind", "any leads".'),
        verdict=IMPROVE,
        message=_(
            '"Anything you can do" sounds modest, but it hands them the work of deciding what '
            "you need. Name the one thing that would help most."
        ),
        good_message="",
        lesson_slug=ASKING,
        detect=vague_ask,
    ),
    RuleDefinition(
        id="several-asks",
        name=_("More than one ask"),
        looks_for=_("Two or more requests in one message."),
        verdict=IMPROVE,
        message=_(
            "You ask for more than one thing, which makes a quick yes harder. Keep the ask "
            "that matters most; the rest can come up once you are talking."
        ),
        good_message="",
        lesson_slug=ASKING,
        detect=several_asks,
    ),
    RuleDefinition(
        id="job-or-list",
        name=_("A job or a target list"),
        looks_for=_(
            "Asking for a job outright, or a list of companies for the reader to work through."
        ),
        verdict=PROBLEM,
        message=_(
            "Asking for a job outright, or sending a list of companies, asks them to run your "
            "search and to vouch for you before they know your work. Keep the list for your "
            "own research, and ask for advice instead."
        ),
        good_message="",
        lesson_slug=NETWORKS,
        detect=job_or_list,
    ),
    RuleDefinition(
        id="volunteered-time",
        name=_("Whose time you offer"),
        looks_for=_("Promising other people's help: \"I told Sam you'd be happy to help\"."),
        verdict=PROBLEM,
        message=_(
            "You are promising someone else's time. Ask them privately first, and offer your "
            "own time before anyone else's."
        ),
        good_message=_("You offer your own time or help, the kind of help that costs you."),
        lesson_slug=NETWORKS,
        detect=volunteered_time,
    ),
    RuleDefinition(
        id="about-me",
        name=_("About them, not only you"),
        looks_for=_('How often you write "I, me, my" against "you, your".'),
        verdict=IMPROVE,
        message=_(
            "Most of this is about you. Add a line about them: why you are writing to this "
            "person, or what you value in their work."
        ),
        good_message=_("You write to them, not only about yourself."),
        lesson_slug=BUILDING,
        detect=about_me,
    ),
    RuleDefinition(
        id="too-long",
        name=_("Length"),
        looks_for=_("More than 150 words."),
        verdict=IMPROVE,
        message=_(
            "This is long for someone reading on a phone between meetings. Aim for under 120 "
            "words: who you are, how you know them, one ask and an easy way out."
        ),
        good_message=_("Short enough to read on a phone without scrolling."),
        lesson_slug=ASKING,
        detect=too_long,
    ),
    RuleDefinition(
        id="wall-of-text",
        name=_("Paragraphs"),
        looks_for=_("A paragraph of more than 80 words."),
        verdict=IMPROVE,
        message=_(
            "A long block of text is hard to read on a small screen. Break it into short "
            "paragraphs of two or three sentences each."
        ),
        good_message="",
        lesson_slug=ASKING,
        detect=wall_of_text,
    ),
    RuleDefinition(
        id="no-easy-out",
        name=_("An easy way to say no"),
        looks_for=_('A line such as "no worries if the timing is bad".'),
        verdict=IMPROVE,
        message=_(
            'Give them an easy way to say no, such as "no worries if now isn\'t a good time". '
            "People say yes more readily when no is allowed."
        ),
        good_message=_("You make it easy to say no, which makes yes easier too."),
        lesson_slug=ASKING,
        detect=no_easy_out,
    ),
    RuleDefinition(
        id="no-thanks",
        name=_("Thanks"),
        looks_for=_('"Thank you", "thanks", "I appreciate it".'),
        verdict=IMPROVE,
        message=_("Thank them for reading. A sentence is enough."),
        good_message=_("You thank them."),
        lesson_slug=ASKING,
        detect=no_thanks,
    ),
    RuleDefinition(
        id="not-recognisable",
        name=_("Who it is from"),
        looks_for=_('Your full name: "I\'m Kelsey Moreno", or a signature.'),
        verdict=PROBLEM,
        message=_(
            "They may not know who this is from. Sign with your full name, and add a line "
            "about who you are, so they can find you and remember you."
        ),
        good_message=_("You give your full name, so they can tell who wrote."),
        lesson_slug=ASKING,
        detect=not_recognisable,
    ),
)
BUILTIN_BY_ID = {definition.id: definition for definition in BUILTIN_RULES}
