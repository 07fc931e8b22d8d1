from argon2 import PasswordHasher

from core.passwords import hash_password, needs_rehash, verify_password


def test_hash_and_verify() -> None:
    stored = hash_password("Sommer in Wien 2026")
    assert stored.startswith("$argon2id$")
    assert "Sommer" not in stored
    assert verify_password(stored, "Sommer in Wien 2026")
    assert not verify_password(stored, "sommer in wien 2026")


def test_missing_hash_never_verifies() -> None:
    assert not verify_password(None, "voiceagent-no-such-user")


def test_garbage_hash_does_not_crash() -> None:
    assert not verify_password("not-a-hash", "anything")


def test_weak_parameters_need_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("Sommer in Wien")
    assert verify_password(weak, "Sommer in Wien")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("Sommer in Wien"))
