"""The blocks a professor writes quiz questions in, one class per kind of question.

The blocks only describe and validate a question. Grading never reads them:
`quizzes.grading.question_snapshot` copies a question into a plain dict when an
attempt starts, so a later edit cannot change a grade already given.

Rules that span several fields (exactly one correct choice, an answer or a
range) live in each block's `question_errors()`, so the message appears next
to the field it is about. They are skipped while a draft is saved: a professor
may stop half-way through a question, but cannot publish it.

One module per kind: `choices` (single choice, multiple answer, true or
false), `numbers`, `short_text`; `base` holds what they share and `streams`
the lists a quiz and a question bank are made of.
"""

from .streams import QuestionTypesBlock, QuizQuestionsBlock, RandomDrawBlock

__all__ = ["QuestionTypesBlock", "QuizQuestionsBlock", "RandomDrawBlock"]
