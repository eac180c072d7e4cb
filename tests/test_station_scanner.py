"""The serial scanner, through a real pseudo-terminal, and receipts from another form version."""

import contextlib
import os

from station_helpers import FORM, StepClock, key_of, make_site, payload, shown, wedge_scan
from station_patients import BY_FLAG, CALM

from kiosk.core.form import load_form
from kiosk.settings.config import DEFAULT_FORM
from kiosk.station import StationApp

SIZE = (120, 60)


async def _wait_for(pilot, app, selector, prefix, tries=150):
    for _ in range(tries):
        if shown(app, selector).startswith(prefix):
            return True
        await pilot.pause(0.02)
    return False


async def test_serial_scanner_lines_are_read_like_a_wedge_scan(tmp_path):
    config = make_site(tmp_path)
    master, slave = os.openpty()
    try:
        app = StationApp(config, clock=StepClock(), scanner=os.ttyname(slave))
        async with app.run_test(size=SIZE) as pilot:
            assert app.scanner is not None
            text = payload(BY_FLAG["driving_home"], key_of(tmp_path))
            os.write(master, text[:20].encode())  # a line can arrive in pieces
            await pilot.pause(0.05)
            os.write(master, text[20:].encode() + b"\r\n")
            assert await _wait_for(pilot, app, "#banner", "VERIFIED")
            assert "Driving home: advise not to drive" in shown(app, "#flags")
            os.write(master, b"NOT-OURS-12345\r\n")
            assert await _wait_for(pilot, app, "#scan", "That code is not a check-in receipt")
            assert shown(app, "#banner").startswith("LAST SCAN NOT READ - still showing")
            assert "Driving home: advise not to drive" in shown(app, "#flags")
            thread = app.scanner._thread
        assert app.scanner is None or app.scanner._thread is None
        assert not thread.is_alive()
    finally:
        os.close(master)
        os.close(slave)


async def test_unopenable_scanner_is_reported_and_the_wedge_still_works(tmp_path):
    config = make_site(tmp_path)
    # Brackets in the port's name reach the error notice as they are, not as markup.
    app = StationApp(config, clock=StepClock(), scanner=str(tmp_path / "no-such-tty[/]"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert app.scanner is None
        await pilot.pause()
        toasts = [toast.render().plain for toast in app.screen.query("Toast")]
        assert any("no-such-tty[/]" in text for text in toasts), toasts
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        assert shown(app, "#banner").startswith("VERIFIED")


def _other_version(tmp_path):
    path = tmp_path / "medial-branch-block-0.9.toml"
    path.write_text(DEFAULT_FORM.read_text().replace('version = "1.0"', 'version = "0.9"', 1))
    return load_form(path)


async def test_unknown_form_version_is_named_and_unverified(tmp_path):
    old = _other_version(tmp_path)
    config = make_site(tmp_path)
    app = StationApp(config, clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path), form=old))
        banner = shown(app, "#banner")
        assert banner.startswith("UNVERIFIED - unknown form version")
        assert "form this station does not have" in banner


async def test_older_form_in_extra_forms_verifies(tmp_path):
    old = _other_version(tmp_path)
    config = make_site(tmp_path, extra_forms=(tmp_path / "medial-branch-block-0.9.toml",))
    app = StationApp(config, clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path), form=old))
        assert shown(app, "#banner").startswith("VERIFIED")
        assert app.screen.case.form_version == "0.9" != FORM.version


async def test_unplugged_serial_scanner_is_reported(tmp_path):
    config = make_site(tmp_path)
    master, slave = os.openpty()
    app = StationApp(config, clock=StepClock(), scanner=os.ttyname(slave))
    try:
        async with app.run_test(size=SIZE) as pilot:
            os.close(slave)
            os.close(master)  # the scanner's port goes away
            for _ in range(100):
                messages = [n.message for n in app._notifications]
                if any("lost" in m for m in messages):
                    break
                await pilot.pause(0.02)
            assert any("lost" in m and "keyboard scanner" in m for m in messages)
    finally:
        for fd in (master, slave):
            with contextlib.suppress(OSError):  # already closed by the test
                os.close(fd)
