"""The staff PIN resists guessing: the count survives restarts, the delay grows, a damaged or
hand-edited file never opens the pad or locks staff out for ever, and the hash is bounded."""

from __future__ import annotations

import json
import stat
import threading
import time

import pytest

from kiosk.errors import ConfigError
from kiosk.patient.staff_lock import StaffLock
from kiosk.settings.staff_pin import (
    MAX_ITERATIONS,
    check_pin,
    hash_pin,
    hash_problem,
    pin_file_problems,
    pin_warnings,
    read_pin_file,
    write_pin_file,
)

RIGHT = "482916"
STORED = hash_pin(RIGHT, iterations=50_000)


class Clock:
    """A logical wall clock: tests move it, nothing sleeps."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def lock(path, clock, **extra) -> StaffLock:
    options = dict(failures_allowed=5, lockout_s=60, lockout_max_s=3600, min_digits=6)
    return StaffLock(path, clock=clock, **{**options, **extra})


def test_a_restart_every_four_guesses_still_locks_on_the_fifth(tmp_path):
    """The attack that found the PIN in 22 guesses: restart the kiosk every 4 wrong PINs."""
    clock, state = Clock(), tmp_path / "staff-lock.json"
    guesses = (f"{n:06d}" for n in range(1000))
    for _ in range(4):
        assert lock(state, clock).try_pin(next(guesses), STORED)[0] is False
    restarted = lock(state, clock)
    ok, message = restarted.try_pin(next(guesses), STORED)
    assert not ok and "Too many wrong PINs" in message
    # Locked after a restart too, even for the right PIN.
    ok, message = lock(state, clock).try_pin(RIGHT, STORED)
    assert not ok and "Try again in 60 seconds" in message


def test_guesses_across_many_restarts_are_limited_by_the_growing_delay(tmp_path):
    clock, state = Clock(), tmp_path / "staff-lock.json"
    start = clock.now
    for n in range(200):
        staff = lock(state, clock)  # a restart before every guess
        ok, message = staff.try_pin(f"{n:06d}", STORED)
        assert not ok
        if "Too many" in message:
            clock.now = staff.locked_until  # wait the lockout out, exactly
    hours = (clock.now - start) / 3600
    # 200 guesses = 40 lockouts of 60, 120, 240, ... capped at 3600 s: well over a day.
    assert hours > 24, hours


def test_each_lockout_in_a_row_lasts_twice_as_long_up_to_the_cap(tmp_path):
    clock = Clock()
    staff = lock(tmp_path / "s.json", clock, failures_allowed=1)
    lengths = []
    for _ in range(8):
        staff.try_pin("000000", STORED)
        lengths.append(staff.locked_until - clock.now)
        clock.now = staff.locked_until
    assert lengths == [60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert staff.try_pin(RIGHT, STORED) == (True, "")
    staff.try_pin("000000", STORED)
    assert staff.locked_until - clock.now == 60  # the right PIN starts the count again


def test_wording_counts_down_to_one_try_left(tmp_path):
    staff = lock(tmp_path / "s.json", Clock())
    messages = [staff.try_pin("000000", STORED)[1] for _ in range(4)]
    assert messages == [
        "Wrong PIN. 4 tries left.",
        "Wrong PIN. 3 tries left.",
        "Wrong PIN. 2 tries left.",
        "Wrong PIN. 1 try left.",
    ]


def test_a_few_random_taps_are_not_counted_as_guesses(tmp_path):
    """A child tapping the pad: entries shorter than any PIN this kiosk accepts."""
    staff = lock(tmp_path / "s.json", Clock())
    for taps in ["", "7", "12", "999", "4444", "55555"] * 10:
        ok, message = staff.try_pin(taps, STORED)
        assert not ok and message == "A staff PIN has at least 6 digits."
    assert staff.lock_message() == ""
    assert staff.try_pin(RIGHT, STORED) == (True, "")


def test_the_state_file_is_0600_and_holds_no_pin(tmp_path):
    state = tmp_path / "var" / "staff-lock.json"
    lock(state, Clock()).try_pin("000000", STORED)
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert json.loads(state.read_text())["failures"] == 1
    assert "000000" not in state.read_text()


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b'{"failures": -1}',
        b"\xff" * 10,
        b"[]",
        b'{"failures": 0, "lockouts": 0, "locked_until": "nan"}',
    ],
)
def test_a_damaged_state_file_locks_rather_than_clears(tmp_path, damage):
    clock, state = Clock(), tmp_path / "s.json"
    state.write_bytes(damage)
    staff = lock(state, clock)
    ok, message = staff.try_pin(RIGHT, STORED)
    assert not ok and "Try again in" in message
    clock.now += 61
    assert staff.try_pin(RIGHT, STORED) == (True, "")  # but not for ever


def test_a_clock_set_back_never_locks_longer_than_the_longest_lockout(tmp_path):
    clock, state = Clock(), tmp_path / "s.json"
    state.write_text(json.dumps({"failures": 0, "lockouts": 3, "locked_until": clock.now + 10**9}))
    staff = lock(state, clock)
    assert "60 minutes" in staff.lock_message()
    clock.now += 3601
    assert lock(state, clock).try_pin(RIGHT, STORED) == (True, "")


def test_an_unwritable_state_folder_still_counts_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    staff = lock(blocker / "s.json", Clock(), failures_allowed=2)
    staff.try_pin("000000", STORED)
    assert not staff.try_pin("000000", STORED)[0]
    assert "Too many" in staff.lock_message()


def test_concurrent_guesses_are_all_counted(tmp_path):
    staff = lock(tmp_path / "s.json", Clock(), failures_allowed=50)
    threads = [threading.Thread(target=staff.try_pin, args=("000000", STORED)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert staff.failures == 8


# --- the hash and its file ------------------------------------------------------------------


@pytest.mark.parametrize(
    "stored",
    [
        "garbage",
        "pbkdf2_sha256$999999999999$" + "00" * 16 + "$" + "00" * 32,
        f"pbkdf2_sha256${MAX_ITERATIONS + 1}$" + "00" * 16 + "$" + "00" * 32,
        "pbkdf2_sha256$1$" + "00" * 16 + "$" + "00" * 32,
        "pbkdf2_sha256$100000$zz$" + "00" * 32,
        "md5$100000$" + "00" * 16 + "$" + "00" * 32,
    ],
)
def test_unbounded_or_garbage_hashes_are_refused_fast(stored):
    assert hash_problem(stored)
    started = time.perf_counter()
    assert check_pin(RIGHT, stored) is False
    assert time.perf_counter() - started < 0.5


def test_the_pin_file_round_trip_and_mode(tmp_path):
    path = tmp_path / "var" / "staff-pin"
    write_pin_file(path, STORED)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_pin_file(path) == STORED and pin_file_problems(path) == []
    path.chmod(0o644)
    assert "expected 0600" in pin_file_problems(path)[0]
    assert read_pin_file(tmp_path / "none") == ""


@pytest.mark.parametrize("content", [b"garbage\n", b"\x00" * 5000, b"\xff\xfe"])
def test_a_bad_pin_file_is_a_clear_error_not_an_open_pad(tmp_path, content):
    path = tmp_path / "staff-pin"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        read_pin_file(path)
    assert "[staff] pin_file" in str(caught.value)


def test_a_device_as_pin_file_is_refused_without_reading_it():
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="regular file"):
        read_pin_file("/dev/zero")
    assert time.perf_counter() - started < 1


def test_doctor_warnings_for_a_guessable_pin():
    assert any("default PIN 1818 is in use" in w and "kiosk set-pin" in w
               for w in pin_warnings("", 6, False))  # fmt: skip
    assert any("pin_min_digits = 4" in w for w in pin_warnings(STORED, 4, False))
    assert any("kiosk.toml holds pin_hash" in w for w in pin_warnings(STORED, 6, True))
    assert pin_warnings(STORED, 6, False) == []
