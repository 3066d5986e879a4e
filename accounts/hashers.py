"""How passwords are stored: Argon2id at OWASP's recommended baseline.

Classes sign in together: a lab of forty at the start of a lesson, a
class of a hundred opening the same quiz. Django's default PBKDF2 (a
million iterations) takes about 0.45 s of CPU per sign-in on a two-core
server, so a class arriving at once queued every other request behind its
password checks. Argon2id with 19 MiB of memory, two passes and one lane,
OWASP's first recommendation for password storage, takes about 25 ms and,
being memory-hard, costs an attacker with GPUs more than PBKDF2 does.
Passwords stored earlier are still checked, and re-stored this way the
next time their owner signs in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class ClassroomArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19456 KiB, t=2, p=1 (the hashes are standard `argon2` ones)."""

    time_cost = 2
    memory_cost = 19_456
    parallelism = 1
