"""Join codes: short enough to read aloud, impossible to misread.

A code is 8 characters from an alphabet without the look-alikes 0/O, 1/I/L,
so a student copying it from a projector or a PDF cannot mistype it into
another valid code. 31 symbols ** 8 is about 8.5e11 codes: with guessing
rate-limited (see `classes.throttle`), finding a class by chance is hopeless.
Codes are stored normalised (no hyphen, upper case) and shown grouped.
"""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
GROUP = 4


def new_code() -> str:
    """A fresh random code, normalised; uniqueness is the caller's (the database's) job."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str:
    """The stored form of whatever a student typed: "abcd efgh" and "ABCD-EFGH" match."""
    return "".join(str(text).split()).replace("-", "").upper()


def looks_valid(code: str) -> bool:
    """Whether a normalised code could have been issued at all (saves a query on typos)."""
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def display_code(code: str) -> str:
    """A code grouped for reading aloud: "ABCD-EFGH"."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
