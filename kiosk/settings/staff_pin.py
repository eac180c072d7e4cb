"""The staff PIN: a salted PBKDF2 hash kept in a file of its own that only the kiosk's user reads.

`kiosk set-pin` writes the file (and moves an old `pin_hash` out of kiosk.toml); the config
loader reads it; `kiosk/patient/staff_lock.py` counts wrong guesses. Hash parameters are
bounded, so a hand-edited file can neither freeze the kiosk nor lock staff out by being unreadable.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from pathlib import Path

from kiosk.errors import ConfigError, Problem
from kiosk.files import write_atomically

DEFAULT_PIN = "1818"  # used only until `kiosk set-pin` stores a hash; the welcome screen says so
SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000
MIN_ITERATIONS = 50_000
MAX_ITERATIONS = 1_000_000
"""About 0.5 s on a slow kiosk PC: the most one guess may cost (it runs off the UI thread)."""
PIN_DIGITS_MIN, PIN_DIGITS_MAX = 4, 12
STRONG_PIN_DIGITS = 6
PIN_FILE_MAX_BYTES = 1024
_HASH = re.compile(r"pbkdf2_sha256\$(\d{1,9})\$([0-9a-f]{32,128})\$([0-9a-f]{64})")


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """A salted PBKDF2-SHA256 hash in the form `pbkdf2_sha256$iterations$salt$hash`."""
    if not is_pin_shape(pin):
        raise ConfigError(Problem("PIN", f"expected {PIN_DIGITS_MIN} to {PIN_DIGITS_MAX} digits"))
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations out of range: {iterations}")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def is_pin_shape(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and PIN_DIGITS_MIN <= len(pin) <= PIN_DIGITS_MAX


def hash_problem(stored: str) -> str | None:
    """Why `stored` is not a hash this kiosk can check, or None when it is one."""
    found = _HASH.fullmatch(stored)
    if found is None:
        return (
            f"expected {SCHEME}$<iterations>$<salt hex>$<64 hex digits>"
            " as written by `kiosk set-pin`"
        )
    iterations = int(found.group(1))
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        return (
            f"expected {MIN_ITERATIONS:,} to {MAX_ITERATIONS:,} iterations, got {iterations:,}"
            " (run `kiosk set-pin` again)"
        )
    return None


def check_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches the stored hash (or the default PIN when none is stored).

    Slow by design (up to MAX_ITERATIONS): call it from a worker thread, never a handler.
    """
    if not stored:
        return hmac.compare_digest(pin.encode(), DEFAULT_PIN.encode())
    if hash_problem(stored) is not None or not is_pin_shape(pin):
        return False
    _, iterations, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(candidate.hex(), digest)


# --- the PIN file --------------------------------------------------------------------------


def read_pin_file(path: Path) -> str:
    """The hash in `path`; "" when there is no file (the default PIN is in use).

    ConfigError when the file is there but is not a regular file, too big, unreadable, or
    holds something that is not a hash: the kiosk refuses to start rather than guess.
    """
    source = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise _error(source, f"cannot read the PIN file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _error(source, "expected a regular file written by `kiosk set-pin`")
    if info.st_size > PIN_FILE_MAX_BYTES:
        raise _error(source, f"expected at most {PIN_FILE_MAX_BYTES} bytes, got {info.st_size}")
    try:
        with open(path, "rb") as handle:
            text = handle.read(PIN_FILE_MAX_BYTES + 1).decode("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise _error(source, f"cannot read the PIN file ({exc.__class__.__name__})") from None
    problem = hash_problem(text)
    if problem:
        raise _error(source, problem)
    return text


def write_pin_file(path: Path, stored: str) -> None:
    """Write the hash to `path` with mode 0600, whole or not at all."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(str(path), f"cannot write the PIN file here ({exc.strerror or exc})") from None
    try:
        write_atomically(path, (stored + "\n").encode("ascii"))
    except OSError as exc:
        raise _error(str(path), f"cannot write the PIN file ({exc.strerror or exc})") from None


def pin_file_problems(path: Path) -> list[str]:
    """For `kiosk doctor`: what is wrong with the PIN file's mode (empty when all is well)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [f"{path}: cannot check the PIN file ({exc.strerror or exc})"]
    if mode & 0o077:
        return [f"{path}: PIN file has mode {mode:04o}; expected 0600 (chmod 600 {path})"]
    return []


def pin_warnings(pin_hash: str, pin_min_digits: int, config_has_hash: bool) -> list[str]:
    """For `kiosk doctor`: how guessable the staff PIN is, in plain words."""
    warnings = []
    if not pin_hash:
        warnings.append(
            f"the built-in default PIN {DEFAULT_PIN} is in use ({len(DEFAULT_PIN)} digits, printed"
            f" in the manual): set your own of {STRONG_PIN_DIGITS} digits or more with"
            " `kiosk set-pin`"
        )
    if pin_min_digits < STRONG_PIN_DIGITS:
        warnings.append(
            f"[staff] pin_min_digits = {pin_min_digits}: PINs shorter than"
            f" {STRONG_PIN_DIGITS} digits can be found by guessing; use {STRONG_PIN_DIGITS} or more"
        )
    if config_has_hash:
        warnings.append(
            "kiosk.toml holds pin_hash (anyone who can read it can try PINs offline):"
            " run `kiosk set-pin` to move it to the PIN file"
        )
    return warnings


def short_pin_warning(pin: str) -> str | None:
    """For `kiosk set-pin`: a PIN the site allowed (`pin_min_digits` below 6) but that is short."""
    if len(pin) >= STRONG_PIN_DIGITS:
        return None
    return (
        f"warning: a {len(pin)}-digit PIN has only {10 ** len(pin):,} possibilities; it was"
        f" accepted because [staff] pin_min_digits allows it. Use {STRONG_PIN_DIGITS} digits or"
        " more if you can (`kiosk doctor` keeps warning)."
    )


def _error(source: str, message: str) -> ConfigError:
    return ConfigError(Problem(source, message, field="[staff] pin_file"))
