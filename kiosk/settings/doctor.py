"""`kiosk doctor`: is this machine ready to be a kiosk? One line per check, OK or what to do.

Each check is a function returning `Check`s; none prints, sends a job or changes a file (the
spool is read, never created; the printer is only asked its status with DLE EOT).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.errors import KioskError, PrinterError
from kiosk.settings.config import Config, check_pin, default_config_path
from kiosk.settings.load import Site, load_site

MIN_TERMINAL = (80, 24)
CHROMIUM = ("chromium", "chromium-browser")
EARLIEST_PLAUSIBLE_YEAR = 2025  # a clock before this has lost its time (no RTC battery, no NTP)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str

    def line(self) -> str:
        return f"{'OK  ' if self.ok else 'FAIL'}  {self.name}: {self.message}"


def run_checks(
    config_path: Path | None,
    *,
    serve: bool = False,
    terminal: tuple[int, int] | None = None,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> list[Check]:
    env = os.environ if environ is None else environ
    try:
        site = load_site(config_path)
    except KioskError as exc:
        problems = "; ".join(str(p) for p in exc.problems[:5])
        return [Check("config", False, f"{problems}. Fix it, then run `kiosk validate`.")]
    config = site.config
    checks = [config_check(site), key_check(config), pin_check(config, config_path)]
    checks += [printer_check(config), spool_check(config), clock_check(now)]
    checks.append(chromium_check() if serve else terminal_check(terminal, env))
    return checks


def print_report(checks: list[Check]) -> int:
    for check in checks:
        print(check.line())
    failed = sum(not c.ok for c in checks)
    print("All checks passed." if not failed else f"{failed} check(s) need attention.")
    return 0 if not failed else 1


def config_check(site: Site) -> Check:
    form = site.form
    return Check("config", True, f"valid; form {form.id} version {form.version}")


def key_check(config: Config) -> Check:
    path = config.payload.key_file
    if not path.exists():
        return Check("key", False, f"{path} is missing. Run `kiosk keygen`, then copy it to "
                     "the station (docs/deploy.md).")  # fmt: skip
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode != 0o600:
        return Check("key", False, f"{path} has mode {mode:04o}; others may read the site key. "
                     f"Run `chmod 600 {path}`.")  # fmt: skip
    return Check("key", True, f"{path} present, mode 0600")


def pin_check(config: Config, config_path: Path | None) -> Check:
    from kiosk.settings.staff_pin import DEFAULT_PIN, pin_file_problems, pin_warnings

    staff = config.staff
    stored = staff.pin_hash  # from the PIN file when there is one (kiosk.settings.staff_pin)
    problems = pin_file_problems(staff.pin_file)
    problems += pin_warnings(stored, staff.pin_min_digits, _toml_holds_pin_hash(config_path))
    if stored and check_pin(DEFAULT_PIN, stored):
        problems.append(f"the PIN set is the default {DEFAULT_PIN}")
    if problems:
        return Check("staff PIN", False, "; ".join(problems) + ". Run `kiosk set-pin`.")
    return Check("staff PIN", True, f"set (not the default), in {staff.pin_file}")


def _toml_holds_pin_hash(config_path: Path | None) -> bool:
    import tomllib

    path = config_path or default_config_path()
    try:
        data = tomllib.loads(Path(path).read_text("utf-8")) if path else {}
    except (OSError, ValueError):
        return False
    return bool(data.get("staff", {}).get("pin_hash"))


def printer_check(config: Config) -> Check:
    from kiosk.printer.service import status_of
    from kiosk.printer.status import query_status
    from kiosk.printer.transports import open_transport

    printer = config.printer
    try:
        with open_transport(printer) as transport:
            status = query_status(transport, printer.status_timeout_s)
    except PrinterError as exc:
        status = status_of(exc)
    except OSError as exc:
        return Check("printer", False, f"{printer.url}: cannot open it ({exc.strerror or exc}).")
    return Check("printer", status.ok, f"{printer.url}: {status.message}")


def spool_check(config: Config) -> Check:
    from kiosk.printer.spool import Spool

    path = config.printer.spool_path
    if not path.exists():
        return Check("spool", True, f"{path} not made yet (no receipt so far)")
    try:
        with Spool(path) as spool:
            counts = spool.counts()
    except Exception as exc:  # a damaged file must be said, not crash the doctor
        return Check("spool", False, f"{path} cannot be read ({type(exc).__name__}).")
    stuck = {state: n for state, n in counts.items() if state != "printed" and n}
    if stuck:
        said = ", ".join(f"{n} {state}" for state, n in sorted(stuck.items()))
        advice = "Fix the printer, then print them from the staff screen; none prints by itself."
        if stuck.get("uncertain"):
            advice += " Uncertain ones may be partly on paper: staff decide on the staff screen."
        return Check("spool", False, f"receipts not printed: {said}. {advice}")
    return Check("spool", True, f"nothing waiting ({counts.get('printed', 0)} printed, kept "
                 "for reprinting)")  # fmt: skip


def clock_check(now: datetime | None = None) -> Check:
    now = now or datetime.now().astimezone()
    if now.year < EARLIEST_PLAUSIBLE_YEAR:
        return Check("clock", False, f"reads {now:%Y-%m-%d %H:%M}, which cannot be right. "
                     "Set it and turn on time sync; QR codes expire by it.")  # fmt: skip
    synced = _ntp_synchronised()
    if synced is False:
        return Check("clock", False, f"{now:%Y-%m-%d %H:%M %Z}, but not synchronised. Run "
                     "`timedatectl set-ntp true` (docs/deploy.md).")  # fmt: skip
    note = "synchronised" if synced else "synchronisation not checked (no timedatectl answer)"
    return Check("clock", True, f"{now:%Y-%m-%d %H:%M %Z}, {note}")


def _ntp_synchronised() -> bool | None:
    if shutil.which("timedatectl") is None:
        return None
    try:
        out = subprocess.run(
            ["timedatectl", "show", "-p", "NTPSynchronized", "--value"],
            capture_output=True, text=True, timeout=5, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = out.stdout.strip()
    return {"yes": True, "no": False}.get(value) if out.returncode == 0 else None


def terminal_check(terminal: tuple[int, int] | None, environ: Mapping[str, str]) -> Check:
    if terminal is None:
        if not sys.stdout.isatty():
            return Check("terminal", False, "not run in a terminal. Run `kiosk doctor` in the "
                         "kiosk's own terminal, or use --serve for the browser.")  # fmt: skip
        size = os.get_terminal_size(sys.stdout.fileno())
        terminal = (size.columns, size.lines)
    cols, rows = terminal
    colour = environ.get("COLORTERM", "") in ("truecolor", "24bit") or "256color" in environ.get(
        "TERM", ""
    )
    if cols < MIN_TERMINAL[0] or rows < MIN_TERMINAL[1]:
        return Check("terminal", False, f"{cols}x{rows} is too small (at least 80x24). Use a "
                     "smaller font or a larger window (docs/deploy.md).")  # fmt: skip
    if not colour:
        return Check("terminal", False, f"{cols}x{rows} but TERM={environ.get('TERM', '')!r} "
                     "shows few colours. Set TERM=xterm-256color (docs/deploy.md).")  # fmt: skip
    return Check("terminal", True, f"{cols}x{rows}, colours enough")


def chromium_check() -> Check:
    found = next((path for name in CHROMIUM if (path := shutil.which(name))), None)
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return Check("serve", False, "textual-serve is not installed. Reinstall the kiosk.")
    if found is None:
        return Check("serve", False, "Chromium is not installed. Run `apt-get install "
                     "chromium` (docs/deploy.md).")  # fmt: skip
    return Check("serve", True, f"Chromium at {found}")
