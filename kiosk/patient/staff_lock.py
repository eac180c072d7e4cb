"""Counts wrong staff PINs and locks the pad, with a delay that doubles at each lockout.

The count lives in a small 0600 JSON file beside the spool, so restarting the kiosk (or
pulling its plug) gives a guesser nothing back. Pure logic plus that one file; no Textual.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.files import write_atomically
from kiosk.settings.config import StaffConfig
from kiosk.settings.staff_pin import PIN_DIGITS_MIN, check_pin

log = logging.getLogger(__name__)
STATE_MAX_BYTES = 4096


class StaffLock:
    """`try_pin(pin)` -> (accepted, message); the message is for the PIN pad."""

    def __init__(
        self,
        state_file: Path | None,
        *,
        failures_allowed: int = 5,
        lockout_s: float = 60,
        lockout_max_s: float = 3600,
        min_digits: int = 4,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state_file = state_file
        self.failures_allowed = failures_allowed
        self.lockout_s = lockout_s
        self.lockout_max_s = max(lockout_max_s, lockout_s)
        self.min_digits = min_digits
        self.clock = clock
        self._lock = threading.Lock()
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0
        self._load()

    # --- the rules ------------------------------------------------------------------------

    def lock_message(self) -> str:
        left = self._seconds_left()
        if left <= 0:
            return ""
        if left > 90:
            return f"Too many wrong PINs. Try again in {math.ceil(left / 60)} minutes."
        return f"Too many wrong PINs. Try again in {math.ceil(left)} seconds."

    def try_pin(self, pin: str, stored: str) -> tuple[bool, str]:
        """Check `pin` against `stored` unless the pad is locked. Blocking (PBKDF2): call it
        from a worker thread when a hash is stored."""
        with self._lock:
            self._load()  # another kiosk process (or a restart) may have counted since
            message = self.lock_message()
            if message:
                return False, message
            if len(pin) < self.min_digits:
                # A tap or two (a child, a slip) is not a guess: no PIN is this short.
                return False, f"A staff PIN has at least {self.min_digits} digits."
            if check_pin(pin, stored):
                self.failures = self.lockouts = 0
                self.locked_until = 0.0
                self._save()
                return True, ""
            self.failures += 1
            log.warning("wrong staff PIN (%d of %d)", self.failures, self.failures_allowed)
            if self.failures >= self.failures_allowed:
                self.failures = 0
                self.lockouts += 1
                self.locked_until = self.clock() + self.lockout_length(self.lockouts)
                self._save()
                return False, self.lock_message()
            self._save()
            left = self.failures_allowed - self.failures
            return False, f"Wrong PIN. {left} {'try' if left == 1 else 'tries'} left."

    def lockout_length(self, lockouts: int) -> float:
        """The first lockout lasts lockout_s, each one after it twice the one before."""
        return min(self.lockout_s * 2 ** min(lockouts - 1, 32), self.lockout_max_s)

    def _seconds_left(self) -> float:
        return min(self.locked_until - self.clock(), self.lockout_max_s)

    # --- the state file -------------------------------------------------------------------

    def _load(self) -> None:
        if self.state_file is None:
            return
        try:
            with open(self.state_file, "rb") as handle:
                raw = handle.read(STATE_MAX_BYTES + 1)
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("cannot read the staff lock file (%s)", type(exc).__name__)
            return
        try:
            state = json.loads(raw.decode("utf-8")) if len(raw) <= STATE_MAX_BYTES else None
            failures, lockouts = int(state["failures"]), int(state["lockouts"])
            locked_until = float(state["locked_until"])
            if not (0 <= failures < 1000 and 0 <= lockouts < 1000 and math.isfinite(locked_until)):
                raise ValueError
        except (ValueError, TypeError, KeyError, UnicodeDecodeError):
            # A damaged file must not be a way to clear the count: lock as if it had just run out.
            log.warning("the staff lock file is damaged; locking the pad for one lockout")
            self.lockouts = max(self.lockouts, 1)
            self.locked_until = max(self.locked_until, self.clock() + self.lockout_s)
            self._save()
            return
        # Normally the file and memory agree; when a write failed, the larger count wins.
        self.failures = max(self.failures, failures)
        self.lockouts = max(self.lockouts, lockouts)
        self.locked_until = max(self.locked_until, locked_until)
        if self.locked_until - self.clock() > self.lockout_max_s:
            # The clock went back: never lock for longer than the longest lockout.
            self.locked_until = self.clock() + self.lockout_max_s
            self._save()

    def _save(self) -> None:
        if self.state_file is None:
            return
        state = {
            "failures": self.failures,
            "lockouts": self.lockouts,
            "locked_until": self.locked_until,
        }
        path = Path(self.state_file)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, json.dumps(state).encode("utf-8"))
        except OSError as exc:
            # The count still holds in memory for this run; say so once per failure.
            log.error("cannot write the staff lock file (%s)", type(exc).__name__)


def staff_lock_for(staff: StaffConfig) -> StaffLock:
    """The lock `kiosk run` uses. Entries shorter than `pin_min_digits` are not counted only
    when the PIN came from the PIN file, which `kiosk set-pin` wrote under that rule; the
    default PIN and an old `pin_hash` in kiosk.toml may have as few as 4 digits."""
    from_file = staff.pin_file.is_file()
    return StaffLock(
        staff.lock_file,
        failures_allowed=staff.lockout_failures,
        lockout_s=staff.lockout_s,
        lockout_max_s=staff.lockout_max_s,
        min_digits=staff.pin_min_digits if from_file else PIN_DIGITS_MIN,
    )
