"""Writing our quiz questions as Moodle GIFT.

`gift_write()` writes what Moodle's own exporter writes for the same kinds of
question: a `// question: N  name: …` comment, `$CATEGORY: $course$/top/…`
when the category changes, `::title::`, the prompt as `[html]` (so Moodle
keeps its formatting), choices with `=`/`~` and `#feedback`, true/false as
`{TRUE#feedback for a wrong answer#feedback for a right one}`, numbers as
`=answer:tolerance` or `=low..high` after `{#`, partly right numbers and
short answers with their `%credit%`, each answer's `#feedback`, Moodle's
`=%0%*#…` for the feedback on any other answer, and the explanation as `####`.
Choice texts and feedback inherit `[html]`, so they are written HTML-escaped;
accepted short answers are compared with what students type, so they are
written as they are, like Moodle does.

GIFT has no syntax for points, a numeric unit, case-sensitive short answers
or our scoring modes, so those go in an `// options: {…}` comment that Moodle
ignores and `gift_parse()` reads back: what we export, we import back to the
same questions. Moodle itself gives every question 1 point, has no unit or
case sensitivity, and grades a multiple-answer question by weights
(`grading.choice_credits`): exactly ours for weighted and partial scoring,
and for all or nothing close (Moodle still gives part of the points for some
of the right choices and no wrong one). Moodle accepts
only the weights of its grade list, so more than ten right choices (other than
20) or a short answer credit off that list need its "nearest grade" option.

Also lost on the way out: attributes Wagtail's editor adds to rich text, and
an accepted answer containing "->", which Moodle would read as matching.
Questions are written as they are, so a draft that could not be published
(no right choice, no number) gives GIFT that neither side imports.
"""

import html
import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from wagtail.rich_text import RichText, expand_db_html

from ..grading import choice_credits
from .answers import percent
from .lexer import OPTIONS_PREFIX
from .text import one_line

_GIFT_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


class ExportQuestion(NamedTuple):
    """One question to write; a plain `(title, block_type, value, category)` tuple works too.

    `value` is a question block's raw stream data or a live StructValue. An
    empty title writes no `::title::`, and Moodle names the question from its text.
    """

    title: str
    block_type: str
    value: Any
    category: str = ""


def gift_write(questions: Iterable) -> str:
    """GIFT for `questions`: `ExportQuestion`s, 4-tuples or `GiftQuestion`s, in order."""
    chunks, category = [], ""
    for number, item in enumerate(questions, start=1):
        question = _export_question(item)
        if one_line(question.category or "") != category:
            category = one_line(question.category or "")
            chunks.append(_category(category))
        chunks.append(_question(number, question))
    return "\n".join(chunks)


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, on a single line."""
    return str(text).translate(_GIFT_ESCAPES)


def _export_question(item) -> ExportQuestion:
    if hasattr(item, "block_type"):
        return ExportQuestion(item.title, item.block_type, item.value, item.category)
    return ExportQuestion(*item)


def _category(category: str) -> str:
    path = "/".join(part for part in ("$course$", "top", one_line(category)) if part)
    return f"// question: 0  name: Switch category to {path}\n$CATEGORY: {path}\n"


def _question(number: int, question: ExportQuestion) -> str:
    title, value = one_line(str(question.title or "")), question.value
    lines = [f"// question: {number}  name: {title}"]
    options = _options(question.block_type, value)
    if options:
        lines.append(f"{OPTIONS_PREFIX} {json.dumps(options, ensure_ascii=False)}")
    name = f"::{escape(title)}::" if title else ""
    answers = _WRITERS[question.block_type](value)
    lines.append(f"{name}[html]{escape(_rich(value.get('prompt')))}{answers}")
    return "\n".join(lines) + "\n"


def _options(block_type: str, value) -> dict:
    options = {}
    points = value.get("points")
    if points is not None and float(points) != 1:
        options["points"] = _json_number(points)
    if block_type == "numeric" and value.get("unit"):
        options["unit"] = value["unit"]
    if block_type == "short_text" and value.get("case_sensitive"):
        options["case_sensitive"] = True
    if block_type == "multiple_answer":
        options["scoring"] = value.get("scoring") or "all_or_nothing"
    return options


def _single_choice(value) -> str:
    lines = []
    for choice in value.get("choices") or []:
        credit = choice.get("credit")
        if choice.get("correct"):
            mark = "="
        elif credit:
            mark = f"~%{percent(float(credit))}%"
        else:
            mark = "~"
        lines.append("\t" + mark + _choice(choice))
    return _braced(lines, value)


def _multiple_answer(value) -> str:
    choices = list(value.get("choices") or [])
    credits = choice_credits(choices, scoring=value.get("scoring") or "all_or_nothing")
    lines = [
        f"\t~%{percent(credit)}%{_choice(choice)}"
        for choice, credit in zip(choices, credits, strict=True)
    ]
    return _braced(lines, value)


def _true_false(value) -> str:
    is_true = value.get("correct_answer") == "true"
    on_true, on_false = value.get("feedback_true") or "", value.get("feedback_false") or ""
    right, wrong = (on_true, on_false) if is_true else (on_false, on_true)
    # Moodle's order: the feedback for a wrong answer first, then for a right one.
    answer = "TRUE" if is_true else "FALSE"
    if wrong or right:
        answer += "#" + _html_field(wrong)
    if right:
        answer += "#" + _html_field(right)
    return "{" + answer + _general(value, indent="") + "}"


def _numeric(value) -> str:
    lines = [f"\t={_number_range(value)}{_feedback(value)}"]
    for partial in value.get("partial_answers") or []:
        credit = percent(float(partial.get("credit") or 0))
        lines.append(f"\t=%{credit}%{_number_range(partial)}{_feedback(partial)}")
    if value.get("other_feedback"):
        lines.append(f"\t=%0%*#{_html_field(value['other_feedback'])}")
    return "{#\n" + "".join(line + "\n" for line in lines) + _general(value, end="\n") + "}"


def _number_range(value) -> str:
    if value.get("answer") is not None:
        return f"{_number(value['answer'])}:{_number(value.get('tolerance') or 0)}"
    return f"{_number(value.get('minimum'))}..{_number(value.get('maximum'))}"


def _short_text(value) -> str:
    lines = []
    for accepted in value.get("accepted_answers") or []:
        text = str(accepted.get("text") or "").strip()
        # A leading "[html]" would be read as a format, so say the format first.
        prefix = "[plain]" if text.startswith("[") else ""
        credit = percent(float(accepted.get("credit") or 0))
        lines.append(f"\t=%{credit}%{prefix}{escape(text)}{_feedback(accepted)}")
    if value.get("other_feedback"):
        lines.append(f"\t=%0%*#{_html_field(value['other_feedback'])}")
    return _braced(lines, value)


def _feedback(value) -> str:
    feedback = value.get("feedback") or ""
    return "#" + _html_field(feedback) if feedback else ""


_WRITERS = {
    "single_choice": _single_choice,
    "multiple_answer": _multiple_answer,
    "true_false": _true_false,
    "numeric": _numeric,
    "short_text": _short_text,
}


def _braced(lines: list[str], value) -> str:
    return "{\n" + "".join(line + "\n" for line in lines) + _general(value, end="\n") + "}"


def _choice(choice) -> str:
    return _html_field(choice.get("text") or "") + _feedback(choice)


def _general(value, indent="\t", end="") -> str:
    explanation = _rich(value.get("explanation"))
    return f"{indent}####{escape(explanation)}{end}" if explanation else ""


def _rich(rich) -> str:
    """Rich text as HTML with real links, as a student's browser gets it."""
    source = rich.source if isinstance(rich, RichText) else str(rich or "")
    return expand_db_html(source) if source else ""


def _html_field(text: str) -> str:
    """A plain-text field as HTML (it inherits the prompt's `[html]`), escaped for GIFT."""
    field = html.escape(str(text).strip(), quote=False).replace("\r\n", "\n")
    field = field.replace("\n", "<br/>")
    # A leading "%50%" would read as a weight and "[html]" as a format.
    if field[:1] in ("%", "["):
        field = f"&#{ord(field[0])};{field[1:]}"
    return escape(field)


def _number(number) -> str:
    if number is None:
        return ""
    text = repr(float(number))
    return text.removesuffix(".0")


def _json_number(number):
    number = float(number)
    return int(number) if number.is_integer() else number
