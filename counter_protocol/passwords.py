"""The one argon2id hasher of the product: the centre's password hashes (口令校验值) and the
counter's offline-login verifiers (离线登录校验值) are made and checked here, with one set of
parameters. The secret itself is never stored.

The parameters are argon2-cffi's defaults (RFC 9106 "second recommended" profile: 64 MiB, 3 passes,
4 lanes), written out so that a library upgrade cannot change them silently. A hash made with other
parameters still verifies; :func:`needs_rehash` says it should be replaced at the next success.
argon2 is imported on first use, so importing the protocol stays cheap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

TIME_COST = 3            # passes
MEMORY_COST = 65536      # KiB (64 MiB)
PARALLELISM = 4          # lanes
HASH_LEN = 32            # bytes
SALT_LEN = 16            # bytes, random per hash


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    """The configured argon2id hasher (built once per process)."""
    from argon2 import PasswordHasher, Type

    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_COST, parallelism=PARALLELISM,
                          hash_len=HASH_LEN, salt_len=SALT_LEN, type=Type.ID)


def hash_secret(secret: str) -> str:
    """A salted argon2id hash of ``secret`` (PHC string ``$argon2id$v=19$m=…``)."""
    return hasher().hash(secret)


def verify(hashed: str, secret: str) -> bool:
    """True when ``secret`` is the one ``hashed`` was made from; False for a wrong secret and for
    anything that is not a valid argon2 hash (never raises for bad input)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return hasher().verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    """True when ``hashed`` was made with other parameters than these (or is not a valid argon2
    hash): after a successful :func:`verify`, store :func:`hash_secret` of the secret instead."""
    from argon2.exceptions import InvalidHashError

    try:
        return hasher().check_needs_rehash(hashed)
    except (InvalidHashError, ValueError):
        return True


def spend(secret: str) -> None:
    """Spend the cost of one hash without keeping it: a check for an unknown or locked account takes
    as long as a real one, so timing does not tell which accounts exist."""
    hasher().hash(secret)
