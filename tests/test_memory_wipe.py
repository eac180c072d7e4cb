"""Nothing of a patient outlives the session in the kiosk process's memory, searched the hard
way: a child process types a unique name on the on-screen keyboard, finishes, and reads its
own writable memory (/proc/self/mem) for it (tests/memory_probe.py).

The child runs with the allocator settings `kiosk run` gives itself
(kiosk.patient.memory_wipe). What is left is counted against the residue explained in
docs/hardening.md; the full run (idle reset too, and the default allocator for comparison)
is benchmarks/memory_wipe.py.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs
from textual import events

from kiosk.patient.memory_wipe import WIPING_ALLOCATOR, allocator_wipes_freed_memory

HERE = Path(__file__).resolve().parent


def unique_name() -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    return (
        "".join(secrets.choice(letters) for _ in range(4)).title()
        + " "
        + "".join(secrets.choice(letters) for _ in range(11)).title()
    )


def probe(tmp_path: Path, env: dict[str, str], *extra: str) -> dict:
    hidden = bytes(b ^ 0x5A for b in unique_name().encode()).hex()
    result = subprocess.run(
        [sys.executable, str(HERE / "memory_probe.py"), hidden, str(tmp_path), *extra],
        capture_output=True, text=True, timeout=240, env={**os.environ, **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs(Path("/proc/self/mem").exists(), "needs Linux /proc (the kiosk box runs Linux)")
def test_after_finish_and_after_the_idle_reset_the_typed_name_is_gone_from_memory(tmp_path):
    """One child: a patient finishes, a second one walks away on the review page."""
    found = probe(tmp_path, WIPING_ALLOCATOR)
    assert found["while_typed"] > 0  # the search does find the name while the patient is here
    assert found["after_finish"]["copies"] == 0, found
    assert found["after_idle_reset"]["copies"] == 0, found


@needs(Path("/proc/self/mem").exists(), "needs Linux /proc (the kiosk box runs Linux)")
def test_a_forgotten_receipt_leaves_nothing_in_sqlites_page_cache(tmp_path):
    """SQLite keeps its page buffers for the life of a connection, out of the allocator's reach:
    the spool reconnects after forgetting printed jobs (kiosk.printer.spool)."""
    found = probe(tmp_path, WIPING_ALLOCATOR, "--spool")
    assert found["while_stored"] > 0  # the search sees the receipt while it is kept
    assert found["after_forget"]["copies"] == 0, found


def mouse_move(x: int, y: int) -> events.MouseMove:
    return events.MouseMove(None, x, y, 0, 0, 0, False, False, False, screen_x=x, screen_y=y)


def screens_under_the_pointer(app) -> list:
    """Textual's list of visible screens as the app's own task sees it."""
    from textual._context import visible_screen_stack

    return list(visible_screen_stack.get([]))


async def test_the_wipe_forgets_the_screens_textual_keeps_for_the_last_touch():
    """A touch reaches the app as the driver sends it (App.on_event, in the app's own task);
    Textual then keeps the screens under the top one (a patient's page under the idle warning
    or the PIN pad) in a context variable of that task, which would keep them alive after the
    wipe until the next touch."""
    from test_app_walk import kiosk, settle, tap

    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await tap(pilot, "#start")
        patient_screen = app.screen
        await pilot.press("f12")  # the PIN pad over the patient's page
        await pilot.pause()
        assert app.screen is not patient_screen
        seen: list = []
        app.post_message(mouse_move(10, 10))
        await pilot.pause()
        app.call_later(lambda: seen.append(screens_under_the_pointer(app)))
        await pilot.pause()
        assert patient_screen in seen[-1]  # the holder this test is about is really there
        app.wipe_later()
        await settle(pilot)
        assert app.current_page_id == "welcome"
        app.call_later(lambda: seen.append(screens_under_the_pointer(app)))
        await pilot.pause()
        assert patient_screen not in seen[-1], seen[-1]


def test_kiosk_run_restarts_itself_with_the_wiping_allocator(monkeypatch):
    calls = []

    def execve(path, argv, env):
        calls.append((path, argv, env))
        raise SystemExit(0)  # where the real execve would start the kiosk again

    for key in (*WIPING_ALLOCATOR, "KIOSK_KEEP_ALLOCATOR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.setattr(sys, "argv", ["kiosk", "run", "--config", "k.toml"])
    from kiosk.cli import main

    with pytest.raises(SystemExit):
        main()
    ((path, argv, env),) = calls
    assert path == sys.executable and argv[1:] == ["-m", "kiosk.cli", "run", "--config", "k.toml"]
    assert allocator_wipes_freed_memory(env)
    # Already restarted (or any other command, or tests calling main with arguments): no exec.
    monkeypatch.setattr(sys, "argv", ["kiosk", "validate", "/nonexistent.toml"])
    assert main() == 2 and len(calls) == 1
