"""Reading a Moodle GIFT file into questions for our quiz blocks.

`gift_parse()` follows Moodle's own importer (question/format/gift) so a file
means here what it means in Moodle: `::title::`, then the text, then the
answers in `{…}`. What kind of question it is comes from the answers alone:
nothing between the braces is an essay, `#` first is numeric, any `~` is a
choice question, `=` with `->` is matching, `T`/`TRUE`/`F`/`FALSE` is true or
false, and anything else is short answer. Text after the closing brace makes
it a "missing word" question, and text without braces is a description.

An upload is untrusted and often hand-written, so parsing never raises:
questions we cannot hold are listed in `skipped` with their line, syntax
errors in `errors` with the line they are on, and what a question loses on
the way in (Moodle's weights, per-answer feedback…) in its `warnings`.
Every question gets 1 point, as in Moodle, unless our own export said more.
"""

from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .answers import (
    TRUE_FALSE,
    Answers,
    GiftSyntaxError,
    numeric_answers,
    short_text_answers,
    true_false_answers,
)
from .choices import SCORING_MODES, choice_answers
from .lexer import Block, read_blocks, reveal
from .text import one_line, rich_to_plain, split_format, to_html

TITLE_LENGTH = 80  # characters of the text a nameless question is called by, as in Moodle


@dataclass
class GiftQuestion:
    """One question ready for a quiz's StreamField: `(block_type, value)` is raw block data.

    `category` is the latest `$CATEGORY:` path without Moodle's context
    (`$course$/top/Week 1/Basics` is "Week 1/Basics"), "" before any.
    """

    line: int
    title: str
    category: str
    block_type: str
    value: dict
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A question of a kind we have no block for, listed so nothing vanishes unseen.

    `kind` is "essay", "matching", "missing_word" or "description"; `reason`
    says it in words a professor understands.
    """

    line: int
    kind: str
    title: str
    reason: str


@dataclass(frozen=True)
class GiftError:
    """A question that could not be read, on the line where the problem is."""

    line: int
    message: str


@dataclass(frozen=True)
class GiftWarning:
    """Something a question lost on the way in, on the question's first line."""

    line: int
    message: str


@dataclass
class GiftFile:
    """Everything a file gave: the questions, what was skipped and what could not be read."""

    questions: list[GiftQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)

    @property
    def warnings(self) -> list[GiftWarning]:
        """Every question's warnings, with its line, in file order."""
        return [
            GiftWarning(question.line, message)
            for question in self.questions
            for message in question.warnings
        ]


def gift_parse(text: str) -> GiftFile:
    """Read a GIFT file; never raises on bad input (see the module docstring)."""
    result = GiftFile()
    category = ""
    for block in read_blocks(text):
        try:
            category = _read_block(block, category, result)
        except GiftSyntaxError as error:
            result.errors.append(GiftError(block.line_at(error.offset), error.message))
    return result


def category_path(text: str) -> str:
    """A `$CATEGORY:` path without `$course$/` (or another context) and `top`."""
    path = text.strip()
    if path.startswith("$") and path.find("$", 1) > 0:
        path = path[path.find("$", 1) + 1 :].removeprefix("/")
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    return path.strip()


def _read_block(block: Block, category: str, result: GiftFile) -> str:
    text = block.text
    start = _skip_blank(text, 0)
    if start == len(text):
        return category  # only comments
    if text.startswith("$CATEGORY:", start):
        # Taken as written: Moodle neither escapes nor unescapes category paths.
        category = category_path(block.source_line(block.line_at(start))[len("$CATEGORY:") :])
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        # Moodle expects a blank line next; a question right below is read anyway.
        start = _skip_blank(text, end)
        if start == len(text):
            return category
    outcome = _read_question(block, start, category)
    if isinstance(outcome, Skipped):
        result.skipped.append(outcome)
    else:
        result.questions.append(outcome)
    return category


def _read_question(block: Block, start: int, category: str) -> GiftQuestion | Skipped:
    text, line = block.text, block.line_at(start)
    title = ""
    if text.startswith("::", start):
        end = text.find("::", start + 2)
        if end < 0:
            raise GiftSyntaxError(start, _("The title has no closing “::”."))
        title = one_line(reveal(text[start + 2 : end]))
        start = _skip_blank(text, end + 2)
    parts = _cut(text, start)
    prompt_format, prompt = split_format(reveal(parts.prompt).strip(), "moodle")
    title = title or _title(prompt, prompt_format)
    kind = "description" if parts.answers is None else _kind(parts.answers.strip())
    if kind in UNSUPPORTED:
        return _skipped(line, kind, title)
    if parts.missing_word:
        return _skipped(line, "missing_word", title)

    offset = parts.offset + len(parts.answers) - len(parts.answers.lstrip())
    read = _read_answers(kind, parts.answers.strip(), offset, prompt_format, block.options)
    prompt_html = to_html(prompt, prompt_format)
    if not prompt_html:
        raise GiftSyntaxError(start, _("The question has no text."))
    general_format, general = split_format(reveal(parts.general).strip(), prompt_format)
    value = {
        "prompt": prompt_html,
        **read.fields,
        "explanation": to_html(general, general_format) if general else "",
        "points": 1,
    }
    _apply_options(read.block_type, value, block.options)
    return GiftQuestion(line, title, category, read.block_type, value, read.warnings)


@dataclass
class _Parts:
    """A question's text cut around its `{…}`, escapes still hidden."""

    prompt: str
    answers: str | None = None  # None: there are no braces
    offset: int = 0  # of `answers` in the block
    general: str = ""  # after `####`
    missing_word: bool = False  # text after the closing brace


def _cut(text: str, start: int) -> _Parts:
    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        return _Parts(text[start:])
    if closing < 0:
        raise GiftSyntaxError(opening, _("The answers opened with “{” are never closed with “}”."))
    if opening < 0 or closing < opening:
        raise GiftSyntaxError(closing, _("A “}” has no “{” before it."))
    after = text[closing + 1 :]
    for extra in (after.find("{"), after.find("}")):
        if extra >= 0:
            raise GiftSyntaxError(
                closing + 1 + extra,
                _("A question has one set of answers in {…}: put a blank line between questions."),
            )
    missing_word = bool(after.strip())
    parts = _Parts(
        prompt=text[start:opening] + ("_____" + after if missing_word else ""),
        answers=text[opening + 1 : closing],
        offset=opening + 1,
        missing_word=missing_word,
    )
    # Moodle takes the last `####` as the start of the general feedback.
    general = text.rfind("####", opening, closing)
    if general >= 0:
        parts.answers, parts.general = text[opening + 1 : general], text[general + 4 : closing]
    return parts


def _kind(answers: str) -> str:
    if not answers:
        return "essay"
    if answers.startswith("#"):
        return "numeric"
    if "~" in answers:
        return "choice"
    if "=" in answers and "->" in answers:
        return "matching"
    if answers.partition("#")[0].strip() in TRUE_FALSE:
        return "true_false"
    return "short_text"


def _read_answers(kind, answers, offset, text_format, options) -> Answers:
    if kind == "choice":
        return choice_answers(answers, offset, text_format, scoring=options.get("scoring"))
    readers = {
        "numeric": numeric_answers,
        "true_false": true_false_answers,
        "short_text": short_text_answers,
    }
    return readers[kind](answers, offset, text_format)


def _apply_options(block_type: str, value: dict, options: dict) -> None:
    """What our own export wrote in its `// options:` comment, where it is sane."""
    points = options.get("points")
    if isinstance(points, int | float) and not isinstance(points, bool) and 0 <= points < 10**4:
        value["points"] = points
    if block_type == "numeric" and isinstance(options.get("unit"), str):
        value["unit"] = options["unit"][:30]
    if block_type == "short_text" and isinstance(options.get("case_sensitive"), bool):
        value["case_sensitive"] = options["case_sensitive"]
    if block_type == "multiple_answer" and options.get("scoring") in SCORING_MODES:
        value["scoring"] = options["scoring"]


UNSUPPORTED = {
    "essay": gettext_lazy("Essay questions are marked by hand; our quizzes have none."),
    "matching": gettext_lazy("Matching questions are not one of our question types."),
    "missing_word": gettext_lazy(
        "The answers sit inside the sentence (a “missing word” question); "
        "our questions put them after the text."
    ),
    "description": gettext_lazy("Text without answers is a description, not a question."),
}


def _skipped(line: int, kind: str, title: str) -> Skipped:
    return Skipped(line, kind, title, str(UNSUPPORTED[kind]))


def _title(prompt: str, prompt_format: str) -> str:
    plain = one_line(rich_to_plain(to_html(prompt, prompt_format)))
    return Truncator(plain).chars(TITLE_LENGTH)


def _skip_blank(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset
