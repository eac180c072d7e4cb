"""The site key that signs QR payloads: 32 random bytes, hex, in a file only its owner reads.

The kiosk creates one on first run; `kiosk keygen` writes one on purpose. Stations verify with a
copy of the same file.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from kiosk.errors import PayloadError, Problem
from kiosk.files import write_atomically

KEY_BYTES = 32


def load_key(path: Path) -> bytes:
    """The key in `path`, or a PayloadError that says what to do."""
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise _error(path, "no key file here; run `kiosk keygen` or copy the kiosk's key") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _error(path, f"cannot read the key file ({error.__class__.__name__})") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise _error(path, "expected at least 32 hex digits (as written by `kiosk keygen`)")
    return key


def write_key(path: Path, force: bool = False) -> Path:
    """Write a new random key with mode 0600; refuses to replace one unless `force`."""
    path = Path(path)
    if path.exists() and not force:
        raise _error(path, "a key file already exists; use --force to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _error(path, f"cannot write the key file here ({error.strerror or error})") from None
    try:
        write_atomically(path, (secrets.token_hex(KEY_BYTES) + "\n").encode("ascii"))
    except OSError as error:
        raise _error(path, f"cannot write the key file ({error.strerror or error})") from None
    return path


def load_or_create_key(path: Path) -> bytes:
    """For the kiosk's first run on a fresh machine."""
    if not Path(path).exists():
        write_key(path)
    return load_key(path)


def _error(path: Path, message: str) -> PayloadError:
    return PayloadError([Problem(str(path), message, field="[payload] key_file")])
