"""The message coach: explained, rule-by-rule feedback on a networking message.

A student drafts a real message in a lesson's practice block; the coach
reads it against rules drawn from the course (a greeting to a crowd, asking
to be handed off, no clear ask...) and says, sentence by sentence, what
works and what to improve, each point linked to the lesson that teaches it.
It runs in-process and is deterministic: no outside service, and the same
text and rules always give the same feedback.

- `text`: cutting a message into sentences, paragraphs and words, with
  Unicode folded so curly quotes and accents match plain ones;
- `engine`: rules, findings, and `coach_check`;
- `rules`: the built-in rules and their teaching messages, with
  `detectors` (what each looks at) and `cues` (the phrases they look for);
- `patterns`: professors' own rules, with unsafe patterns refused;
- `presentation`: stored feedback as a page shows it.

A course's list of rules (built-in ones as its professors tuned them, and
their own) is put together in `lessons.selectors.course_coach_rules`.
"""
