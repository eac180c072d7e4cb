"""`kiosk serve`: the patient's kiosk in a browser (Chromium in kiosk mode on a touchscreen).

textual-serve runs one `kiosk run` per browser connection. This server allows one at a time:
a second tab or device sees "This kiosk is in use", never a second kiosk that prints. When a
tab closes or reloads, its kiosk is told to quit and, if it has not gone within STOP_S, is sent
SIGTERM (a clean exit, kiosk/lifecycle.py) and then SIGKILL. The kiosk page loads nothing
from outside this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import shlex
import signal
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from kiosk.lifecycle import IGNORED_SIGNALS, STOP_SIGNALS
from kiosk.patient.textual_private import serve_messages, served_process, served_web_app

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
SLOT_WAIT_S = 6.0  # a reloaded tab waits this long for its old kiosk to finish
STOP_S = 4.0  # after a tab closes: quit, then SIGTERM after this, then SIGKILL after as long
HEARTBEAT_S = 5.0  # a tab that vanished without closing is noticed within about this long

IN_USE = (
    "\x1b[2J\x1b[H\x1b[?25l\r\n\r\n"
    "   This kiosk is in use.\r\n\r\n"
    "   Someone is checking in on the kiosk screen.\r\n"
    "   Please use the kiosk screen, or ask at the desk.\r\n"
)


def kiosk_command(config: Path | None) -> str:
    """The shell command textual-serve runs for a session; `exec` so the pid is the kiosk's."""
    parts = [sys.executable, "-m", "kiosk.cli", "run"]
    if config is not None:
        parts += ["--config", str(Path(config).resolve())]
    return "exec " + shlex.join(parts)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class KioskServer(Server):
    """textual-serve's server with one patient session at a time."""

    def __init__(self, command: str, host: str, port: int, title: str):
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.session: AppService | None = None
        self._free: asyncio.Event | None = None
        self.sessions_started = 0

    def _free_event(self) -> asyncio.Event:
        if self._free is None:
            self._free = asyncio.Event()
            self._free.set()
        return self._free

    async def _claim(self, wait_s: float) -> bool:
        free = self._free_event()
        try:
            await asyncio.wait_for(self._wait_free(free), wait_s)
        except TimeoutError:
            return False
        free.clear()
        return True

    @staticmethod
    async def _wait_free(free: asyncio.Event) -> None:
        while not free.is_set():
            await free.wait()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT_S)
        await websocket.prepare(request)
        if not await self._claim(SLOT_WAIT_S):
            log.info("second browser session refused: the kiosk is in use")
            await self._show_in_use(websocket)
            return websocket
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.session = service
        self.sessions_started += 1
        try:
            await service.start(width, height)
            log.info("browser session started")
            await serve_messages(self, websocket, service)
        except Exception as exc:  # a broken socket must not leave the slot taken
            log.error("browser session failed: %s", type(exc).__name__)
        finally:
            await asyncio.shield(self._end(service))
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _show_in_use(self, websocket: web.WebSocketResponse) -> None:
        with contextlib.suppress(Exception):
            await websocket.send_bytes(IN_USE.encode("utf-8"))
            async for _message in websocket:
                pass  # taps on the notice do nothing

    async def _end(self, service: AppService) -> None:
        """Quit the session's kiosk; make sure it is gone before the next one may start."""
        try:
            try:
                await asyncio.wait_for(service.stop(), STOP_S)
            except (TimeoutError, Exception):
                await self._terminate(service)
        finally:
            log.info("browser session ended")
            if self.session is service:
                self.session = None
            self._free_event().set()

    @staticmethod
    async def _terminate(service: AppService) -> None:
        process = served_process(service)  # textual-serve keeps no public handle on it
        if process is None or process.returncode is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(sig)
            try:
                await asyncio.wait_for(process.wait(), STOP_S)
                log.warning("kiosk process ended by %s", sig.name)
                return
            except TimeoutError:
                continue

    async def on_shutdown(self, app: web.Application) -> None:
        if self.session is not None:
            await self._terminate(self.session)

    async def on_startup(self, app: web.Application) -> None:
        pass  # our own start line is printed by serve(); no banner

    def serve(self, debug: bool = False) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, self.request_exit)
        for sig in IGNORED_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        web.run_app(
            served_web_app(self),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=None,
            shutdown_timeout=STOP_S,
        )
