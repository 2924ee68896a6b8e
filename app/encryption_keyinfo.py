"""The `.keyinfo` file beside an encrypted database: how to get its key, never the key itself.

An encrypted file looks like random bytes, so this small JSON file says that it is encrypted and
how its key is found: in the system keychain under a random id, or derived from a passphrase
with scrypt and the salt kept here. It also holds a short check value, so a wrong passphrase is
recognised at once. None of it is secret: without the keychain entry or the passphrase it
opens nothing.
"""

import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from app.privacy import write_private_text
from models.cipher import KEY_BYTES
from models.db import DatabaseError

FORMAT = 1
SUFFIX = ".keyinfo"
KeyMode = Literal["keychain", "passphrase"]

# scrypt with n = 2**16, r = 8 uses 64 MiB and about 0.45 s, once per session: costly to
# guess at scale. The values are stored with the salt, so a later version may raise them.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 256 * 1024 * 1024
_CHECK_LABEL = b"Scaffold database key check"


class KeyInfoError(DatabaseError):
    """A `.keyinfo` file that cannot be read or used; the message names it."""


@dataclass(frozen=True)
class KeyInfo:
    """What the `.keyinfo` file says: the mode, where the key is, and a check of it."""

    mode: KeyMode
    check: str  # hex: the first 16 bytes of HMAC-SHA256(key, _CHECK_LABEL)
    key_id: str = ""  # keychain mode: the entry's name
    salt: str = ""  # passphrase mode: hex
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    format: int = FORMAT


def keyinfo_path(db_path: Path) -> Path:
    """The `.keyinfo` file of the database at `db_path` (`scaffold.sqlite.keyinfo`)."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def key_check(key: bytes) -> str:
    """A short value that tells the right key from a wrong one, and reveals nothing of it."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def matches(info: KeyInfo, key: bytes) -> bool:
    """Whether `key` is the one `info` was written for."""
    return hmac.compare_digest(info.check, key_check(key))


def new_salt() -> str:
    """A fresh random salt for a passphrase, as hex."""
    return os.urandom(16).hex()


def derive_key(passphrase: str, info: KeyInfo) -> bytes:
    """The 32-byte key for `passphrase` with the salt and cost in `info` (about 0.3 s)."""
    # The same passphrase typed on another system (composed or decomposed accents) is the same.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(
        secret,
        salt=bytes.fromhex(info.salt),
        n=info.n,
        r=info.r,
        p=info.p,
        maxmem=_MAXMEM,
        dklen=KEY_BYTES,
    )


def read_keyinfo(db_path: Path) -> KeyInfo | None:
    """The `.keyinfo` beside the database at `db_path`, or None when there is none."""
    path = keyinfo_path(db_path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise KeyInfoError(
            f"{path} cannot be read ({exc}), so {db_path} cannot be opened."
        ) from exc
    try:
        info = KeyInfo(**raw)
        if info.format != FORMAT or info.mode not in ("keychain", "passphrase"):
            raise ValueError("an unknown format or mode")
        if info.mode == "passphrase":
            bytes.fromhex(info.salt)
    except (TypeError, ValueError) as exc:
        raise KeyInfoError(
            f"{path} is not a key file this version of Scaffold understands ({exc}), "
            f"so {db_path} cannot be opened."
        ) from exc
    return info


def write_keyinfo(path: Path, info: KeyInfo) -> None:
    """Write `info` to the file `path`, owner-only and whole."""
    write_private_text(path, json.dumps(asdict(info), indent=2) + "\n")
