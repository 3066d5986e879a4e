"""Moodle GIFT import and export for quiz questions.

`gift_parse(text)` reads a GIFT file into `GiftQuestion`s whose
`(block_type, value)` go straight into a quiz's StreamField, and lists what
it skipped or could not read with line numbers. `gift_write(questions)` writes
questions back as GIFT that Moodle imports and `gift_parse` reads back to the
same questions. See `parser` and `writer` for what each side keeps and loses.
"""

from .parser import GiftError, GiftFile, GiftQuestion, GiftWarning, Skipped, gift_parse
from .writer import ExportQuestion, gift_write

__all__ = [
    "ExportQuestion",
    "GiftError",
    "GiftFile",
    "GiftQuestion",
    "GiftWarning",
    "Skipped",
    "gift_parse",
    "gift_write",
]
