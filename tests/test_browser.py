"""The kiosk in a real browser: `kiosk serve` on 127.0.0.1 and Debian's Chromium, by touch.

A whole patient is walked with Input.dispatchTouchEvent (where to touch comes from a second,
in-process copy of the app at the same terminal size, which is tapped in step). The receipt
bytes must reach the folder printer with a QR that decodes to the patient's answers; closing
the tab must end the kiosk process; a second tab must get "This kiosk is in use", not a kiosk.
Screenshots of welcome, a question and done go to $KIOSK_SCREENSHOTS (default: tmp_path).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
import zxingcpp
from cdp import Browser, chromium_path
from conftest import needs
from key_taps import key_grid_with, tap_key
from kiosk_process import write_config
from station_patients import CALM

from kiosk.core.answers import to_json
from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.payload import decode
from kiosk.core.preview import render
from kiosk.settings.load import load_site
from kiosk.settings.signing_key import load_key

pytestmark = [
    needs(
        chromium_path() is not None,
        reason="Chromium is not installed (apt-get install chromium; .ci/run does this)",
    ),
    pytest.mark.asyncio(loop_scope="module"),  # one Chromium for the module, in one loop
]

PATIENT = {**CALM, "name": "Ada Lovelace", "dob": "1961-04-02"}
KEY_NAMES = {" ": "space", "-": "hyphen", "'": "apostrophe"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kiosk_pids(config: Path) -> list[int]:
    """The `kiosk run` processes serving this test's config (read from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kiosk.cli" in args and b"run" in args and str(config).encode() in args:
            pids.append(int(entry.name))
    return pids


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser():
    """One headless Chromium for the module (about 3 s to start); each test opens its own
    tabs on its own `kiosk serve`, and closes them."""
    chromium = await Browser().start()
    try:
        yield chromium
    finally:
        await chromium.close()


@pytest_asyncio.fixture(loop_scope="module")
async def open_tab(browser):
    """`await open_tab(url)`: a new tab in the module's Chromium, closed after the test."""
    opened = []

    async def open_(url: str):
        tab = await browser.new_tab(url)
        opened.append(tab)
        return tab

    yield open_
    for tab in opened:
        with contextlib.suppress(Exception):  # the test may have closed it already
            await tab.close()


@pytest.fixture
def served(tmp_path):
    config = write_config(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "serve", "--config", str(config), "--port", str(port)],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip

    def listening() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    try:
        assert wait_for(listening, 30), "kiosk serve did not start listening"
        yield config, f"http://127.0.0.1:{port}/?fontsize=16", server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        for pid in kiosk_pids(config):  # a test that failed half-way must leave nothing behind
            os.kill(pid, signal.SIGKILL)


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Toucher:
    """Touches a widget in the browser where the in-process twin app has it, then taps the
    twin the same way, so both walk in step."""

    def __init__(self, tab, pilot, geometry):
        self.tab, self.pilot, self.geometry = tab, pilot, geometry
        self.page = None

    async def _wait_for_the_page_to_settle(self) -> None:
        """Both kiosks drop taps for `page_clock.settle_s` after a page change: wait it out
        in the twin, then as long again less what tab.settle already waited in the browser,
        whose kiosk drew the page at about the same time (its frames were quiet since)."""
        app = self.pilot.app
        if app.current_page_id == self.page:
            return
        self.page = app.current_page_id
        while app.page_clock.settling():
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)

    async def _tap_cell(self, x: float, y: float) -> int:
        await self._wait_for_the_page_to_settle()
        _, _, left, top, cell_w, cell_h = self.geometry
        before = await self.tab.frames()
        await self.tab.tap(left + x * cell_w, top + y * cell_h)
        return before

    async def touch(self, selector: str, quiet_s: float = 0.3) -> None:
        region = self.pilot.app.screen.query_one(selector).region
        before = await self._tap_cell(region.x + region.width / 2, region.y + region.height / 2)
        await self.pilot.click(selector)
        await self.pilot.pause()
        await self.tab.settle(quiet_s=quiet_s, since=before, timeout=10)

    async def touch_key(self, key: str, quiet_s: float = 0.15) -> None:
        """A key of the on-screen keyboard, keypad or pain scale (one widget, many keys)."""
        grid = key_grid_with(self.pilot.app, key)
        offset = grid.key_offset(key)
        region = grid.region
        before = await self._tap_cell(region.x + offset.x + 0.5, region.y + offset.y + 0.5)
        await tap_key(self.pilot, key)
        await self.tab.settle(quiet_s=quiet_s, since=before, timeout=10)

    async def answer(self, selector: str, key: bool = False) -> None:
        """A single answer moves on by itself after app.auto_advance_s (0.6 s), in the twin
        and in the browser's kiosk alike: wait for the twin to move, then for the browser."""
        app = self.pilot.app
        page = app.current_page_id
        await (self.touch_key(selector, quiet_s=0.3) if key else self.touch(selector))
        deadline = time.monotonic() + 2.0
        while app.current_page_id == page and time.monotonic() < deadline:
            await self.pilot.pause(0.05)
        if app.current_page_id != page:
            await asyncio.sleep(0.3)
            await self.tab.settle(quiet_s=0.3, timeout=10)

    async def type(self, text: str) -> None:
        for char in text:
            await self.touch_key(KEY_NAMES.get(char, char.lower()))


async def walk_patient(toucher: Toucher, shots: Path) -> None:
    app = toucher.pilot.app
    await toucher.touch("#start")
    for _ in range(4):
        await toucher.touch("#next")  # "I have read this"
    assert app.current_page_id == "name"
    await toucher.type(PATIENT["name"])
    await toucher.touch("#next")
    year, month, day = PATIENT["dob"].split("-")
    for digit in day + month + year:
        await toucher.touch_key(digit)
    await toucher.touch("#next")
    shot_taken = False
    for _ in range(20):
        qid = app.current_page_id
        if qid == "review":
            break
        if not shot_taken and qid == "pain_relief_6h":
            await toucher.tab.screenshot(shots / "browser-question.png")
            shot_taken = True
        value = PATIENT.get(qid)
        if qid == "pain_score":
            await toucher.answer(str(value), key=True)
        elif isinstance(value, list):
            for option in value:
                await toucher.answer(f"#answer-{qid}-{option}")
        elif value is not None:
            await toucher.answer(f"#answer-{qid}-{value}")
        if app.current_page_id == qid:
            await toucher.touch("#next")
        assert app.current_page_id != qid, f"stuck on {qid}"
    assert app.current_page_id == "review"
    for _ in range(10):  # Confirm comes on once every answer has been on screen
        if not app.screen.query_one("#confirm").disabled:
            break
        await toucher.touch("#review-more")
    await toucher.touch("#confirm", quiet_s=1.0)


def decoded_answers(receipt: bytes, config: Path) -> dict:
    site = load_site(config)
    image = render(receipt, PAPER_DOTS[site.config.printer.paper_width_mm]).image
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1, "exactly one QR on the receipt"
    key = load_key(site.config.payload.key_file)
    now = datetime.now().astimezone()
    result = decode(codes[0].text, [site.form], key, timedelta(hours=1), now)
    assert result.status == "valid", result.reason
    return to_json(result.answers)


async def test_a_patient_walks_through_by_touch_and_closing_the_tab_ends_the_kiosk(
    open_tab, served, tmp_path
):
    from test_app_walk import FakePrinter

    from kiosk.app import KioskApp

    config, url, _ = served
    shots = shots_dir(tmp_path)
    tab = await open_tab(url)
    await tab.settle(quiet_s=0.8, since=0, timeout=40)
    assert "Touch to start" in await tab.text()
    await tab.screenshot(shots / "browser-welcome.png")
    assert len(kiosk_pids(config)) == 1
    geometry = await tab.cell_geometry()
    twin = KioskApp(config, printer=FakePrinter())
    async with twin.run_test(size=geometry[:2]) as pilot:
        await walk_patient(Toucher(tab, pilot, geometry), shots)
        assert twin.current_page_id == "done"
    await tab.screenshot(shots / "browser-done.png")

    receipts = tmp_path / "receipts"
    assert wait_for(lambda: list(receipts.glob("receipt-*.bin")), 15), "no receipt printed"
    (receipt,) = receipts.glob("receipt-*.bin")
    answers = decoded_answers(receipt.read_bytes(), config)
    for question, value in PATIENT.items():
        assert answers[question] == value, question

    await tab.close()
    assert wait_for(lambda: not kiosk_pids(config), 8), "the kiosk outlived its tab"
    assert not list(receipts.glob("receipt-*.bin")), "the receipt file stayed on disk"


async def test_a_second_tab_is_told_the_kiosk_is_in_use_and_a_reload_gets_the_kiosk(
    open_tab, served
):
    config, url, _ = served
    first = await open_tab(url)
    await first.settle(quiet_s=0.8, since=0, timeout=40)
    (kiosk,) = kiosk_pids(config)

    second = await open_tab(url)
    await second.settle(quiet_s=0.5, since=0, timeout=30)
    assert "This kiosk is in use" in await second.text()
    assert kiosk_pids(config) == [kiosk]  # still one kiosk, the first tab's

    await first.send("Page.reload")
    await asyncio.sleep(0.5)
    await first.settle(quiet_s=0.8, since=0, timeout=40)
    assert "Touch to start" in await first.text()
    assert "in use" not in await first.text()
    pids = kiosk_pids(config)
    assert len(pids) == 1 and pids != [kiosk]  # the old one gone, a fresh one for the reload


async def test_stopping_the_server_ends_the_kiosk_and_quit_keys_do_nothing(open_tab, served):
    config, url, server = served
    tab = await open_tab(url)
    await tab.settle(quiet_s=0.8, since=0, timeout=40)
    (kiosk,) = kiosk_pids(config)
    for key, code in (("q", "KeyQ"), ("c", "KeyC"), ("\\", "Backslash")):
        for kind in ("keyDown", "keyUp"):
            await tab.send("Input.dispatchKeyEvent", {
                "type": kind, "modifiers": 2, "key": key, "code": code,
                "windowsVirtualKeyCode": ord(key.upper()) if key.isalpha() else 220,
            })  # fmt: skip
    await asyncio.sleep(1.0)
    assert kiosk_pids(config) == [kiosk]  # Ctrl+Q, Ctrl+C, Ctrl+\\ in the browser: nothing

    server.send_signal(signal.SIGTERM)
    started = time.monotonic()
    assert server.wait(15) == 0
    assert wait_for(lambda: not kiosk_pids(config), 8), "the kiosk outlived its server"
    assert time.monotonic() - started < 10
