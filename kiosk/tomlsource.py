"""Read TOML files and turn pydantic validation errors into one line per problem.

tomllib gives no line numbers for values, so `locate` finds a field's line by walking the
table headers and keys of the text. It is a best effort: when it cannot tell, the line is left out.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.errors import Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def read_toml(path: Path, error_cls: type[Exception]) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; raise `error_cls` with file and line when it cannot be read or parsed."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_cls(Problem(source, "file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error_cls(Problem(source, f"cannot read: {exc}")) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        message = str(exc).split(" (at line")[0].split(" (at end")[0]
        raise error_cls(Problem(source, f"not valid TOML: {message}", line=line)) from None


def locate(text: str, loc: Sequence[str | int]) -> int | None:
    """Best-effort line number (1-based) of the value at `loc`, e.g. ("pages", 3, "prompt")."""
    lines = text.splitlines()
    table: list[str | int] = []  # the current table path, array indexes included
    counts: dict[tuple, int] = {}
    best: int | None = None
    for number, line in enumerate(lines, start=1):
        header = _HEADER.match(line)
        if header:
            names = [n.strip().strip('"') for n in header.group(2).split(".")]
            path: list[str | int] = []
            # Array-of-tables parents take their current index.
            for i, name in enumerate(names):
                path.append(name)
                is_last = i == len(names) - 1
                key = tuple(path)
                if is_last and header.group(1) == "[[":
                    counts[key] = counts.get(key, -1) + 1
                    path.append(counts[key])
                elif not is_last and key in counts:
                    path.append(counts[key])
            table = path
            if _is_prefix(table, loc):
                best = number if best is None or len(table) >= 1 else best
            continue
        key = _KEY.match(line)
        if key and _is_prefix(table, loc):
            full = [*table, key.group(1)]
            if _is_prefix(full, loc):
                best = number
    return best


def _is_prefix(prefix: Sequence[str | int], loc: Sequence[str | int]) -> bool:
    return len(prefix) <= len(loc) and all(a == b for a, b in zip(prefix, loc, strict=False))


def describe(err: dict[str, Any]) -> str:
    """A plain description of one pydantic error: what was expected, what was found."""
    kind = err.get("type", "")
    found = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required, but missing"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling)"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return (
            f"expected one of {expected.replace(' or ', ', ').replace(chr(39), '')}, got {found!r}"
        )
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg")))
    message = err.get("msg", "invalid value")
    if found is not None and not isinstance(found, dict | list):
        shown = repr(found) if len(repr(found)) <= 40 else repr(found)[:36] + "...'"
        return f"{message[0].lower()}{message[1:]}, got {shown}"
    return message[0].lower() + message[1:]


def problems_from(exc: ValidationError, source: str, text: str) -> list[Problem]:
    """One `Problem` per pydantic error, with `[table] key` style field names and line numbers."""
    problems = []
    for err in exc.errors():
        loc = _without_union_tags(err["loc"])
        problems.append(
            Problem(source, describe(err), line=locate(text, loc), field=field_name(loc))
        )
    return problems


_UNION_TAGS = {"info", "question", "text", "date", "single", "multiple", "scale"}


def _without_union_tags(loc: Sequence[str | int]) -> list[str | int]:
    """Drop the names pydantic adds for union members ("question", "single"): they are not
    keys in the file. They follow an index (or another tag) and are never the last part."""
    parts = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    out: list[str | int] = []
    for i, part in enumerate(parts):
        previous = parts[i - 1] if i else None
        after_index = isinstance(previous, int) or previous in _UNION_TAGS
        if part in _UNION_TAGS and i < len(parts) - 1 and after_index:
            continue
        out.append(part)
    return out


def field_name(loc: Sequence[str | int]) -> str:
    """("printer", "baudrate") -> "[printer] baudrate"; ("pages", 3, "id") -> "pages[3].id"."""
    if not loc:
        return "(top level)"
    if len(loc) >= 2 and all(isinstance(p, str) for p in loc):
        return f"[{'.'.join(map(str, loc[:-1]))}] {loc[-1]}"
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
