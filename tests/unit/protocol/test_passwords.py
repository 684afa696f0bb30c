"""One argon2id hasher (counter_protocol.passwords) for the centre's passwords and the counter's
offline verifiers: verify, wrong secret, invalid hash, rehash when the parameters change (#18)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from counter_protocol import passwords

WEAK = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)   # older, cheaper parameters


def test_a_hash_verifies_its_secret_only():
    h = passwords.hash_secret("口令-Secret1")
    assert h.startswith(f"$argon2id$v=19$m={passwords.MEMORY_COST},t={passwords.TIME_COST},p={passwords.PARALLELISM}$")
    assert passwords.verify(h, "口令-Secret1")
    assert not passwords.verify(h, "口令-Secret2")
    assert not passwords.verify(h, "")
    assert passwords.hash_secret("口令-Secret1") != h          # salted: a new hash each time
    assert not passwords.needs_rehash(h)


@pytest.mark.parametrize("bad", ["", "not-a-hash", "$argon2id$v=19$m=65536,t=3,p=4$broken",
                                 "$2b$12$abcdefghijklmnopqrstuuS7ZMG1bCK1iZ3OB7GUXbPrw3Sa5Whxy"])
def test_an_invalid_hash_never_verifies_and_never_raises(bad):
    assert passwords.verify(bad, "anything") is False
    assert passwords.needs_rehash(bad) is True


def test_a_hash_with_older_parameters_verifies_and_asks_for_a_rehash():
    old = WEAK.hash("pw-1")
    assert passwords.verify(old, "pw-1") and not passwords.verify(old, "pw-2")
    assert passwords.needs_rehash(old)


def test_both_sides_use_the_one_hasher():
    from counter_app.sync.central_hash import check_verifier, make_verifier
    from counter_central.core import hash_password

    central = hash_password("clerk01-demo")
    assert passwords.verify(central, "clerk01-demo") and not passwords.needs_rehash(central)
    v = make_verifier("clerk01", "clerk01-demo")
    assert not passwords.needs_rehash(v)
    assert check_verifier(v, "clerk01", "clerk01-demo")
    assert not check_verifier(v, "clerk02", "clerk01-demo") and not check_verifier(v, "clerk01", "x")
    assert not check_verifier("garbage", "clerk01", "clerk01-demo")


def test_the_centre_renews_an_old_hash_at_the_next_successful_login(tmp_path):
    from counter_central.db import Office, User, make_engine, migrate, utcnow
    from counter_central.core import ServiceError, _authenticate

    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    migrate(engine)
    try:
        with Session(engine) as s:
            old = WEAK.hash("old-params-pw")
            s.add(Office(code="FT", name="福田分局"))
            s.add(User(username="u1", display_name="测试", password_hash=old, roles="clerk", office_code="FT",
                       active=True, created_at=utcnow()))
            s.commit()
            with pytest.raises(ServiceError):
                _authenticate(s, "u1", "wrong-pw")
            assert s.get(User, "u1").password_hash == old            # a failure renews nothing
            user = _authenticate(s, "u1", "old-params-pw")
            assert user.password_hash != old and not passwords.needs_rehash(user.password_hash)
            assert passwords.verify(user.password_hash, "old-params-pw")
    finally:
        engine.dispose()
