"""Read TOML files and turn pydantic validation errors into one line per problem.

tomllib gives no line numbers for values, so `locate` finds a field's line by walking the
table headers and keys of the text. It is a best effort: when it cannot tell, the line is left out.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.errors import Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


MAX_FILE_BYTES = 1024 * 1024
"""Far more than any config or form needs; a bigger file is a mistake (or /dev/zero)."""
MAX_DEPTH = 32
"""Tables and arrays nested deeper than this are refused before anything walks them."""
MAX_STRING = 10_000


def read_toml(path: Path, error_cls: type[Exception]) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; raise `error_cls` with file and line when it cannot be read or parsed."""
    data, text, _ = read_toml_file(path, error_cls)
    return data, text


def read_toml_file(path: Path, error_cls: type[Exception]) -> tuple[dict[str, Any], str, bytes]:
    """Like `read_toml`, also giving the file's bytes. Only a regular file of at most
    MAX_FILE_BYTES is read (a device, FIFO or /dev/zero is refused without reading it)."""
    source = str(path)
    raw = _read_regular_file(path, source, error_cls)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error_cls(
            Problem(source, f"cannot read: expected UTF-8 text (bad byte at offset {exc.start})")
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as reading in text mode does
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        message = str(exc).split(" (at line")[0].split(" (at end")[0]
        raise error_cls(Problem(source, f"not valid TOML: {message}", line=line)) from None
    except RecursionError:
        raise error_cls(
            Problem(source, f"not valid here: nested deeper than {MAX_DEPTH} levels")
        ) from None
    shape = _shape_problem(data)
    if shape:
        loc, message = shape
        raise error_cls(
            Problem(source, message, line=locate(text, loc), field=field_name(loc) if loc else None)
        )
    return data, text, raw


def _read_regular_file(path: Path, source: str, error_cls: type[Exception]) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait for one.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error_cls(Problem(source, "file not found")) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise error_cls(Problem(source, f"cannot read: {reason}")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error_cls(
                Problem(
                    source, "cannot read: expected a regular file, not a device, folder or pipe"
                )
            )
        if info.st_size > MAX_FILE_BYTES:
            raise error_cls(
                Problem(
                    source, f"cannot read: {info.st_size} bytes, expected at most {MAX_FILE_BYTES}"
                )
            )
        chunks = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise error_cls(
                Problem(source, f"cannot read: expected at most {MAX_FILE_BYTES} bytes")
            )
        return b"".join(chunks)
    except OSError as exc:
        raise error_cls(Problem(source, f"cannot read: {exc.strerror or exc}")) from None
    finally:
        os.close(fd)


def _shape_problem(data: Any) -> tuple[list[str | int], str] | None:
    """Nesting and string length, checked without recursion (so any depth is safe)."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            return loc[:MAX_DEPTH], f"nested deeper than {MAX_DEPTH} levels"
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > 100:
                    return loc, f"a key of {len(key)} characters; expected at most 100"
                stack.append((item, [*loc, key]))
        elif isinstance(value, list):
            stack += [(item, [*loc, i]) for i, item in enumerate(value)]
        elif isinstance(value, str) and len(value) > MAX_STRING:
            return loc, f"a text of {len(value)} characters; expected at most {MAX_STRING}"
    return None


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
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        return f"expected one of {expected}, got {ctx.get('tag', found)!r}"
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg")))
    message = err.get("msg", "invalid value")
    if found is not None and not isinstance(found, dict | list):
        shown = repr(found) if len(repr(found)) <= 40 else repr(found)[:36] + "...'"
        return f"{message[0].lower()}{message[1:]}, got {shown}"
    return message[0].lower() + message[1:]


def problems_from(
    exc: ValidationError, source: str, text: str, union_tags: Collection[str] = ()
) -> list[Problem]:
    """One `Problem` per pydantic error, with `[table] key` style field names and line numbers.

    `union_tags` are the names pydantic adds to a location for the members of a tagged union
    (a form's "question", "scale"): they are not keys in the file, so they are left out."""
    problems = []
    for err in exc.errors():
        loc = _without_union_tags(err["loc"], union_tags)
        if err.get("type") == "union_tag_invalid":
            # An unknown tag (`type = "slider"`) is a problem with the tag's own key.
            if loc and loc[-1] in union_tags:
                loc = loc[:-1]
            loc = [*loc, str((err.get("ctx") or {}).get("discriminator", "type")).strip("'")]
        problems.append(
            Problem(source, describe(err), line=locate(text, loc), field=field_name(loc))
        )
    return problems


def _without_union_tags(loc: Sequence[str | int], union_tags: Collection[str]) -> list[str | int]:
    """Drop the names pydantic adds for union members ("question", "single"): they are not
    keys in the file. They follow an index (or another tag) and are never the last part."""
    parts = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    out: list[str | int] = []
    for i, part in enumerate(parts):
        previous = parts[i - 1] if i else None
        after_index = isinstance(previous, int) or previous in union_tags
        if part in union_tags and i < len(parts) - 1 and after_index:
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
