"""Every place the kiosk reaches into Textual's private API, each behind one function that says
why. Checked against Textual 8.2.8 (pyproject pins textual>=8.2,<9) and textual-serve 1.1; a
Textual upgrade starts by reading this file and running the tests it names.

Overrides of private hooks cannot be wrapped and stay where they are, listed here:
`SettlingScreen._forward_event` (kiosk/patient/screens/settle.py: the one place both real taps
and Pilot's pass, to drop taps while a page settles) and `Input._on_key` in
`DatePart` (kiosk/patient/screens/date_entry.py) and the station's `InitialsField`
(kiosk/station/widgets/initials.py), which take digits or scanner characters before Input does.
The Python standard library's private parts (asyncio's timer heap, functools' cache type) used
by kiosk/patient/memory_wipe.py are explained there.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


def running_in_app_loop(app: App) -> bool:
    """Whether the code now running is `app`'s own message loop (it handles its own exception,
    so the loop has stopped). Textual 8 keeps the pump being run in `textual._context`."""
    from textual._context import active_message_pump

    return active_message_pump.get(None) is app


def forget_visible_screens() -> None:
    """Empty the list of screens under the pointer that Textual 8 keeps in a context variable of
    the task that last forwarded a mouse event: after a wipe it still names the last patient's
    screens (tests/test_memory_wipe.py). Call it in the app's own task."""
    try:
        from textual._context import visible_screen_stack
    except ImportError:  # a Textual without it keeps no such list
        return
    visible_screen_stack.set([])


def bind_key(app: App, key: str, action: str) -> None:
    """Add a priority binding to a running app's own bindings: the site's staff key is only
    known once kiosk.toml is read, after the class's BINDINGS were made. Textual 8 has no public
    way to add one to an instance (`App._bindings` is its BindingsMap)."""
    app._bindings.bind(key, action, show=False, priority=True)


def refresh_truecolor_filter(app: App) -> None:
    """The step Textual 8's theme watcher takes for a new theme, for an app that sets its first
    theme without the watcher (it would parse the stylesheet twice: kiosk/patient/app.py)."""
    app._refresh_truecolor_filter(app.ansi_theme)


def terminal_driver(app: App) -> Any | None:
    """The app's driver, to write an escape sequence (xterm's font size) the terminal reads
    directly; None before the app runs or under a test. Textual 8 exposes no public handle."""
    return getattr(app, "_driver", None)


def served_process(service: Any) -> Any | None:
    """The child process of a textual-serve AppService (kiosk/browser/serve.py stops it by
    signal when it will not stop by itself); textual-serve 1.1 keeps no public handle on it."""
    return getattr(service, "_process", None)


async def serve_messages(server: Any, websocket: Any, service: Any) -> None:
    """textual-serve 1.1's own loop between a browser's websocket and its app process; the
    kiosk's server replaces the request handler around it (one session at a time), not it."""
    await server._process_messages(websocket, service)


def served_web_app(server: Any) -> Any:
    """textual-serve 1.1's aiohttp application with its routes, which the kiosk's server runs
    itself (its own signals and shutdown timeout) instead of through `Server.serve`."""
    return server._make_app()
