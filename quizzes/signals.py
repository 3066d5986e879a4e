"""What quizzes tell the rest of the site, without knowing who listens.

`attempt_submitted` is sent with `attempt` (the graded Attempt) once the
submit that graded it has committed, and only then: a second submit of the
same attempt grades nothing and sends nothing. Receivers run in the
student's request, so they queue slow work rather than do it. It is sent
with `send_robust`: an error in one receiver is logged (by Django, on the
"django.dispatch" logger), the others still run, and the grade is neither
undone nor hidden.

`attempt_regraded` is sent the same way, with `attempt`, for each attempt
whose grade a regrade changed, once the regrade has committed.
"""

from django.dispatch import Signal

attempt_submitted = Signal()
attempt_regraded = Signal()
