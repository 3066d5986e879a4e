"""How long the message coach takes on a 2,000-word message, as ratios.

Times, in this one process: cutting the message into sentences and words
alone (the reference: any check must at least read the text), then a full
check with the built-in rules, then one with five professor's rules added
(phrases and patterns), and the same on a 2,000-word message with no
punctuation or line breaks at all. Each figure is the median of many runs,
in milliseconds and as a ratio to the reference, so a busier machine
moves both sides alike. The coach's target is well under 100 ms.

    .venv/bin/python bench/coach_bench.py [--runs 50] [--words 2000]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from environment import django_setup

# Sentences to build messages from: the good and the bad the coach looks for.
SENTENCES = (
    "Hi Dana,",
    "I'm Kelsey Moreno; we met at the Ridgefield career panel in April.",
    "You talked about warehouse scheduling and I\u2019ve thought about it since.",
    "I was laid off from a coordinator role last month and I'm aiming for analyst jobs.",
    "Would you have 20 minutes in the next few weeks to tell me how you'd approach it?",
    "Could you forward my résumé to a few people you know at Brightwater?",
    "My target companies are Halvorsen Logistics, Brightwater Foods and Corliss Freight.",
    "I told Sam you\u2019d be happy to help, and anything you can do would be amazing!! 🙏",
    "Totally understand if now isn't a good time.",
    "Thank you,\nKelsey Moreno",
)
CUSTOM = (
    ("phrases", "sorry to bother you\nI know you're busy\njust checking in"),
    ("phrases", "hire me\ngive me a job\nany openings"),
    ("pattern", r"\b\d{1,2}[- ]?min(?:ute)?s?\b"),
    ("pattern", r"dear .* friends"),
    ("pattern", r"(?<!not )\burgent(?:ly)?\b"),
)


def message(words: int) -> str:
    """A message of at least `words` words, in paragraphs of four sentences."""
    from lessons.coach.text import WORD, text_fold

    parts, count = [], 0
    while count < words:
        sentence = SENTENCES[len(parts) % len(SENTENCES)]
        parts.append(sentence + ("\n\n" if len(parts) % 4 == 3 else " "))
        count += len(WORD.findall(text_fold(sentence)))
    return "".join(parts)


def median_ms(function, runs: int) -> float:
    function()  # warm up: compiled patterns, translations
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="runs per figure")
    parser.add_argument("--words", type=int, default=2000, help="words in the message")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        django_setup(Path(tmp))
        from lessons.coach.engine import Rule, coach_check
        from lessons.coach.patterns import custom_detector, rule_compile
        from lessons.coach.rules import BUILTIN_RULES
        from lessons.coach.text import Message, text_clean

        builtin = [definition.rule() for definition in BUILTIN_RULES]
        custom = [
            Rule(
                id=f"custom-{number}",
                name="Custom",
                verdict="improve",
                message="A professor's own rule.",
                detect=custom_detector(
                    compiled=rule_compile(kind=kind, phrases=source, pattern=source),
                    when="found",
                ),
            )
            for number, (kind, source) in enumerate(CUSTOM, start=1)
        ]
        text = message(args.words)
        wall = " ".join(text.replace("\n", " ").replace(".", "").replace("?", "").split())
        figures = [
            ("tokenising alone (reference)", lambda: Message(text_clean(text))),
            (f"built-in rules ({len(builtin)})", lambda: coach_check(text=text, rules=builtin)),
            (
                f"built-in + {len(custom)} custom rules",
                lambda: coach_check(text=text, rules=builtin + custom),
            ),
            (
                "same, one unpunctuated paragraph",
                lambda: coach_check(text=wall, rules=builtin + custom),
            ),
        ]
        words = Message(text_clean(text)).word_count
        print(f"Message coach on a {words:,}-word message, median of {args.runs} runs\n")
        print(f"{'what':<36} {'ms':>8} {'ratio':>8}")
        reference = None
        for name, function in figures:
            ms = median_ms(function, args.runs)
            reference = reference or ms
            print(f"{name:<36} {ms:>8.1f} {ms / reference:>8.1f}")
        print("\nTarget: a full check well under 100 ms.")


if __name__ == "__main__":
    main()
