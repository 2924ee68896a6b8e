"""The system keychain (through `keyring`) as the place for a database's raw key.

The key is stored as 64 hex digits under the service "Scaffold" and a random id that the
database's `.keyinfo` file names. `keyring` is imported only here, only when encryption is used.
A keychain that `keyring` does not recommend (its priority is below 1: no backend, or the
"fail" and "null" ones) counts as unavailable, and a passphrase is used instead.
"""

from typing import Any

from models.db import DatabaseError

SERVICE = "Scaffold"


class KeychainError(DatabaseError):
    """The keychain could not store, find or give back a key; the message says why."""


def _backend() -> Any:
    import keyring  # about 0.15 s: never on the path of a plain database

    return keyring.get_keyring()


def keychain_available() -> bool:
    """Whether a usable system keychain is there (never raises, never asks the person)."""
    try:
        priority = float(_backend().priority)
    except Exception:  # a broken backend is as good as none
        return False
    return priority >= 1


def keychain_name() -> str:
    """The keychain's name for messages (such as "SecretService Keyring")."""
    try:
        return str(getattr(_backend(), "name", "the system keychain"))
    except Exception:
        return "the system keychain"


def entry_name(key_id: str) -> str:
    """The keychain entry's user name for a database key."""
    return f"database-key-{key_id}"


def store_key(key_id: str, key: bytes) -> None:
    """Store `key` in the keychain and read it back; `KeychainError` when that fails."""
    try:
        backend = _backend()
        backend.set_password(SERVICE, entry_name(key_id), key.hex())
        stored = backend.get_password(SERVICE, entry_name(key_id))
    except Exception as exc:
        raise KeychainError(
            f"The keychain could not store the database key ({_reason(exc)}). "
            "Choose a passphrase instead."
        ) from exc
    if stored != key.hex():
        raise KeychainError(
            "The keychain did not give back the key it was asked to store. "
            "Choose a passphrase instead."
        )


def load_key(key_id: str) -> bytes:
    """The key stored under `key_id`; `KeychainError` when it is missing or unreadable."""
    try:
        stored = _backend().get_password(SERVICE, entry_name(key_id))
    except Exception as exc:
        raise KeychainError(
            f"The keychain could not be read ({_reason(exc)}), so the encrypted database "
            "cannot be opened. Unlock the keychain, or log in as the user who encrypted it, "
            "and try again."
        ) from exc
    if stored is None:
        raise KeychainError(
            f'The keychain has no entry "{entry_name(key_id)}" for service "{SERVICE}", so the '
            "encrypted database cannot be opened: it was encrypted by another user account or "
            "on another machine, or the entry was deleted."
        )
    try:
        return bytes.fromhex(stored)
    except ValueError as exc:
        raise KeychainError(
            f'The keychain entry "{entry_name(key_id)}" is not a Scaffold key.'
        ) from exc


def delete_key(key_id: str) -> bool:
    """Remove the key from the keychain; whether it was removed (failures are not raised)."""
    try:
        _backend().delete_password(SERVICE, entry_name(key_id))
    except Exception:  # already gone, or the keychain is locked
        return False
    return True


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".")
    return text or type(exc).__name__
