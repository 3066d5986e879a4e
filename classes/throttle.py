"""Rate limit on guessing join codes, counted in the shared cache.

At most `LIMIT` wrong codes per user in a `WINDOW` that starts with the first
wrong one; after that every join is refused, a right code too, until the
window passes. Kept in Django's cache (Redis when there are several app
servers) so all workers count together; nothing is kept in process memory.
"""

from django.core.cache import cache

LIMIT = 10
WINDOW = 15 * 60  # seconds


def _key(user) -> str:
    return f"classes:join-failures:{user.pk}"


def join_blocked(*, user) -> bool:
    """Whether `user` has used up their wrong guesses for now."""
    return cache.get(_key(user), 0) >= LIMIT


def join_failure_record(*, user) -> None:
    """Count one wrong code; the first one starts the window."""
    key = _key(user)
    cache.add(key, 0, timeout=WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW)
