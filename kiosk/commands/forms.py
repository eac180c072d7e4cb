"""Sub-commands of the core: `validate`, `summary` and `set-pin`."""

from __future__ import annotations

import argparse
import getpass
import json
import re
import stat
import sys
from datetime import datetime
from pathlib import Path

from kiosk.core.answers import from_json
from kiosk.core.bounded_toml import read_toml
from kiosk.core.form import load_form
from kiosk.core.summary import build_summary
from kiosk.errors import AnswerError, ConfigError, KioskError, Problem
from kiosk.files import write_atomically
from kiosk.settings.config import default_config_path, load_config
from kiosk.settings.load import load_site
from kiosk.settings.preflight import check_kiosk_can_run
from kiosk.settings.staff_pin import (
    PIN_DIGITS_MAX,
    hash_pin,
    is_pin_shape,
    short_pin_warning,
    write_pin_file,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check kiosk.toml and form files; exit 2 on any problem")
    p.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="config or form files (default: ./kiosk.toml, its form, forms/*.toml)",
    )
    p.set_defaults(handler=validate)

    p = sub.add_parser("summary", help="summarise a JSON file of answers, as the kiosk would")
    p.add_argument("--answers", required=True, type=Path, help="JSON object {question_id: value}")
    p.add_argument("--form", dest="form_id", help="form id (a file in the forms folder)")
    p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml if present)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--now", type=_parse_now, help="completion time, ISO 8601 (default: now)")
    p.set_defaults(handler=summary)

    p = sub.add_parser(
        "set-pin", help="store a salted hash of the staff PIN in [staff] pin_file (mode 0600)"
    )
    p.add_argument("--config", type=Path, default=Path("kiosk.toml"))
    p.add_argument("--stdin", action="store_true", help="read the PIN from standard input")
    p.set_defaults(handler=set_pin)


def _parse_now(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO 8601 time, got {text!r}") from None


# --- validate ----------------------------------------------------------------------------


def validate(args: argparse.Namespace) -> int:
    files: list[Path] = list(args.files)
    if not files:
        config_path = default_config_path()
        if config_path:
            files.append(config_path)
        forms_dir = load_config(config_path).form.path.parent
        files += sorted(forms_dir.glob("*.toml"))
    problems: list[Problem] = []
    for path in files:
        try:
            kind = _check_file(path)
            print(f"ok: {path} ({kind})")
        except KioskError as exc:
            problems += exc.problems
    if problems:
        raise KioskError(problems)
    return 0


def _check_file(path: Path) -> str:
    data, _ = read_toml(path, ConfigError)
    if "pages" in data:
        load_form(path)
        return "form"
    site = load_site(path)  # the config, and the form it names with its parameters
    check_kiosk_can_run(site.config)  # what `kiosk run` checks before it starts
    return "config"


# --- summary -----------------------------------------------------------------------------


def summary(args: argparse.Namespace) -> int:
    site = load_site(args.config, args.form_id)
    raw = _read_answers(args.answers)
    now = args.now or datetime.now().replace(microsecond=0)
    answers = from_json(site.form, raw, now.date(), source=str(args.answers))
    result = build_summary(site.form, answers, now)
    sys.stdout.write(result.to_json() + "\n" if args.format == "json" else result.to_text())
    return 0


def _read_answers(path: Path) -> dict:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnswerError(Problem(source, f"cannot read: {exc.strerror or exc}")) from None
    except UnicodeDecodeError:
        raise AnswerError(Problem(source, "cannot read: expected UTF-8 text")) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(Problem(source, f"not valid JSON: {exc.msg}", line=exc.lineno)) from None
    if not isinstance(raw, dict):
        raise AnswerError(Problem(source, "expected a JSON object {question_id: answer}"))
    return raw


# --- set-pin -----------------------------------------------------------------------------

_STAFF_HEADER = re.compile(r"^\s*\[staff\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_PIN_LINE = re.compile(r"^\s*pin_hash\s*=")


def set_pin(args: argparse.Namespace) -> int:
    """Hash the PIN into the PIN file (0600) and take any old `pin_hash` out of kiosk.toml,
    which everyone on the machine may be able to read."""
    path: Path = args.config
    if not path.is_file():
        raise ConfigError(Problem(str(path), "file not found (give --config FILE)"))
    config = load_config(path)  # refuse to edit a config that is already broken
    digits = config.staff.pin_min_digits
    if args.stdin:
        pin = sys.stdin.readline(100).strip()
    else:
        pin = getpass.getpass(f"New staff PIN ({digits}-{PIN_DIGITS_MAX} digits): ")
        if getpass.getpass("Again: ") != pin:
            raise ConfigError(Problem("PIN", "the two PINs differ; nothing was changed"))
    if not (is_pin_shape(pin) and len(pin) >= digits):
        raise ConfigError(
            Problem(
                "PIN",
                f"expected {digits} to {PIN_DIGITS_MAX} digits"
                " ([staff] pin_min_digits sets the shortest)",
            )
        )
    pin_file = config.staff.pin_file
    write_pin_file(pin_file, hash_pin(pin))
    warning = short_pin_warning(pin)
    if warning:
        print(warning, file=sys.stderr)
    text = path.read_text(encoding="utf-8")
    moved = without_pin_hash(text)
    if moved != text:
        # kiosk.toml keeps its own mode (it may be readable by the station's account).
        write_atomically(path, moved.encode("utf-8"), mode=stat.S_IMODE(path.stat().st_mode))
    load_config(path)
    where = f"{pin_file} (mode 0600)"
    print(
        f"Staff PIN set in {where}."
        + (f" Its old hash was taken out of {path}." if moved != text else "")
    )
    return 0


def without_pin_hash(text: str) -> str:
    """`text` without the `pin_hash` line of its [staff] table (the hash now has its own file)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _STAFF_HEADER.match(line)), None)
    if start is None:
        return text
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    kept = [line for i, line in enumerate(lines) if not (start < i < end and _PIN_LINE.match(line))]
    return text if len(kept) == len(lines) else "\n".join(kept) + "\n"
