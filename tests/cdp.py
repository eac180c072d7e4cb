"""A tiny Chrome DevTools Protocol client for the browser test: Debian's Chromium, headless.

`Browser` starts /usr/bin/chromium with a new empty profile and talks to it over its DevTools
websocket (aiohttp, which textual-serve already brings). `Tab` is one page: open a URL, tap
with Input.dispatchTouchEvent, run JavaScript, take a screenshot, close.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import aiohttp

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio", "--remote-debugging-port=0",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]  # fmt: skip


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


class Browser:
    def __init__(self, size: tuple[int, int] = (1280, 800)):
        self.size = size
        self.profile = tempfile.mkdtemp(prefix="kiosk-chromium-")
        self.process: subprocess.Popen | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self.events: list[dict] = []

    async def start(self) -> Browser:
        width, height = self.size
        self.process = subprocess.Popen(
            [chromium_path(), *FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        url = await asyncio.to_thread(self._devtools_url)
        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(url, max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        return self

    def _devtools_url(self) -> str:
        assert self.process and self.process.stderr
        for raw in self.process.stderr:
            found = re.search(rb"DevTools listening on (ws://\S+)", raw)
            if found:
                return found.group(1).decode()
        raise RuntimeError("Chromium did not start its DevTools server")

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            future = self._waiting.pop(data.get("id", -1), None)
            if future is not None and not future.done():
                future.set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(self, method: str, params: dict | None = None, session: str | None = None):
        message_id = next(self._ids)
        message: dict = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        future = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = future
        await self.ws.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def new_tab(self, url: str) -> Tab:
        target = (await self.send("Target.createTarget", {"url": "about:blank"}))["targetId"]
        session = (await self.send("Target.attachToTarget", {"targetId": target, "flatten": True}))[
            "sessionId"
        ]
        tab = Tab(self, target, session)
        await tab.setup(url)
        return tab

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
            await self.http.close()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                await asyncio.to_thread(self.process.wait, 10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


# Counts the kiosk's frames as they arrive, so the test can wait for the screen to settle.
# Also keeps the last text drawn and the terminal size the page asked for.
COUNT_FRAMES = """
(() => {
  const Real = window.WebSocket;
  const decoder = new TextDecoder();
  window.kioskFrames = 0;
  window.kioskText = "";
  window.kioskSize = null;
  window.WebSocket = function (...args) {
    const socket = new Real(...args);
    socket.addEventListener("message", (e) => {
      if (typeof e.data === "string") return;
      window.kioskFrames++;
      window.kioskText = (window.kioskText + decoder.decode(e.data)).slice(-20000);
    });
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (typeof data === "string" && data.startsWith('["resize"')) {
        window.kioskSize = JSON.parse(data)[1];
      }
      return send(data);
    };
    return socket;
  };
  window.WebSocket.prototype = Real.prototype;
  Object.assign(window.WebSocket, Real);
})();
"""


class Tab:
    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session

    async def send(self, method: str, params: dict | None = None):
        return await self.browser.send(method, params, self.session)

    async def setup(self, url: str) -> None:
        width, height = self.browser.size
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        await self.send(
            "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1}
        )
        await self.send("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_FRAMES})
        await self.send("Page.navigate", {"url": url})

    async def js(self, expression: str):
        reply = await self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}
        )
        return reply.get("result", {}).get("value")

    async def tap(self, x: float, y: float) -> None:
        point = [{"x": x, "y": y, "radiusX": 4, "radiusY": 4, "force": 1, "id": 1}]
        await self.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
        await asyncio.sleep(0.05)
        await self.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    async def frames(self) -> int:
        return int(await self.js("window.kioskFrames || 0") or 0)

    async def settle(self, quiet_s: float = 0.4, timeout: float = 15.0, since: int | None = None):
        """Wait until new frames have come (if `since` is given) and then none for `quiet_s`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        last = await self.frames()
        if since is not None:
            while last == since and loop.time() < deadline:
                await asyncio.sleep(0.05)
                last = await self.frames()
        quiet_since = loop.time()
        while loop.time() < deadline:
            await asyncio.sleep(0.1)
            now = await self.frames()
            if now != last:
                last, quiet_since = now, loop.time()
            elif loop.time() - quiet_since >= quiet_s:
                return last
        return last

    async def text(self) -> str:
        """What the kiosk drew lately, escape codes removed (for "This kiosk is in use")."""
        raw = await self.js("window.kioskText") or ""
        return re.sub(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()=>][0-9A-Za-z]?", "", raw)

    async def cell_geometry(self) -> tuple[int, int, float, float, float, float]:
        """(columns, rows, left, top, cell width, cell height) of the kiosk's terminal."""
        found = await self.js(
            "(() => { const r = document.querySelector('.xterm-screen').getBoundingClientRect();"
            " return [window.kioskSize, r.left, r.top, r.width, r.height]; })()"
        )
        size, left, top, width, height = found
        cols, rows = size["width"], size["height"]
        return cols, rows, left, top, width / cols, height / rows

    async def screenshot(self, path: Path) -> None:
        data = (await self.send("Page.captureScreenshot", {"format": "png"}))["data"]
        path.write_bytes(base64.b64decode(data))

    async def close(self) -> None:
        await self.browser.send("Target.closeTarget", {"targetId": self.target})
