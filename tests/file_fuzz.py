"""Hostile config and form files, and a way to push each one through `kiosk validate` and the
start of `kiosk run` in this process. Shared by tests/test_validate_fuzz.py (a few dozen files)
and benchmarks/file_fuzz.py (hundreds)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import signal
import time
import tomllib
from pathlib import Path
from unittest import mock

from hypothesis import strategies as st

from kiosk.app import KioskApp
from kiosk.cli import main as kiosk_cli
from kiosk.settings.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FORM = ROOT / "forms" / "medial-branch-block.toml"
SECONDS_PER_FILE = 10.0
"""Generous on a loaded machine; the files that used to hang never came back at all."""
VICTIM_TEXT = "root:x:0:0:someone's document, not a receipt\n"


# --- turning a dict back into TOML (inline tables and arrays only: one line per top key) ---


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def toml_text(document: dict) -> str:
    return "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in document.items())


# --- what the files are made of -----------------------------------------------------------

NASTY_INTS = [0, -1, -5, 1, 55, 120, 151, 2**31, 2**63, 99999999999999999999, -(10**30)]
NASTY_STRINGS = [
    "", "a" * 200_000, "/dev/zero", "/dev/null", "/dev/stdin", "victim.txt", "fifo", "folder",
    "folder/", "docs/", "docs/report.odt", "var/receipts/", "COM3", "/dev/ttyUSB0",
    "socket://", "socket://host:0", "socket://host:99999", "socket://127.0.0.1:9", "ctrl+c",
    "f12", "f25", "\x00", "../" * 2000, "é" * 300, "pbkdf2_sha256$999999999999$00$00", "garbage",
    "nosuch", "dob", "name", "about",
]  # fmt: skip
leaf = st.one_of(
    st.sampled_from(NASTY_INTS),
    st.integers(),
    st.sampled_from(NASTY_STRINGS),
    st.text(max_size=30),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
)
values = st.recursive(
    leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
SECTIONS = {name: list(field.annotation.model_fields) for name, field in Config.model_fields.items()
            if name != "source"}  # fmt: skip


@st.composite
def config_texts(draw) -> str:
    """A kiosk.toml: known sections and keys (and some unknown) with hostile values, or the
    shapes that used to break the reader (deep nesting, binary)."""
    shape = draw(st.sampled_from(["tables"] * 8 + ["deep", "binary"]))
    if shape == "deep":
        depth = draw(st.sampled_from([33, 500, 5000, 50_000]))
        return "a = " + "[" * depth + "]" * depth + "\n"
    if shape == "binary":
        return draw(st.binary(max_size=200)).decode("latin-1")
    lines = []
    for section in draw(st.lists(st.sampled_from([*SECTIONS, "other"]), unique=True, max_size=5)):
        lines.append(f"[{section}]")
        known = SECTIONS.get(section, ["x"])
        for key in draw(st.lists(st.sampled_from([*known, "typo"]), unique=True, max_size=4)):
            lines.append(f"{key} = {toml_value(draw(values))}")
    return "\n".join(lines) + "\n"


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@st.composite
def form_texts(draw) -> str:
    """The shipped form with a few hostile edits: values replaced, keys deleted, pages or
    options duplicated (so ids repeat), references pointed at nothing."""
    form = tomllib.loads(DEFAULT_FORM.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(form) if p]
        path = draw(st.sampled_from(paths))
        parent = form
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "duplicate"]))
        if action == "replace":
            parent[last] = draw(values)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, list):
            parent.insert(last, json.loads(json.dumps(parent[last])))
    return toml_text(form)


def make_scene(folder: Path) -> None:
    """Things a hostile config may point at: someone's file, a pipe, a folder of documents."""
    (folder / "victim.txt").write_text(VICTIM_TEXT)
    (folder / "folder").mkdir()
    (folder / "docs").mkdir()
    (folder / "docs" / "report.odt").write_text("minutes of the meeting")
    os.mkfifo(folder / "fifo")


def scene_unchanged(folder: Path) -> bool:
    return (folder / "victim.txt").read_text() == VICTIM_TEXT and (
        folder / "docs" / "report.odt"
    ).read_text() == "minutes of the meeting"


# --- running the commands in this process --------------------------------------------------


class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    def expire(signum, frame):
        raise TookTooLong(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _started(app: KioskApp, *args, **kwargs) -> None:
    """Stands in for Textual's event loop only: everything `kiosk run` does before it ran."""
    app._return_code = 0


def kiosk(*argv: str) -> tuple[int, str, float]:
    """`kiosk ARGV` in this process: exit code, stderr, seconds. `kiosk run` stops where the
    screen would be taken over. Any exception but SystemExit escapes to fail the test."""
    err, out = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with (
        time_limit(SECONDS_PER_FILE),
        contextlib.redirect_stderr(err),
        contextlib.redirect_stdout(out),
        mock.patch.object(KioskApp, "run", _started),
    ):
        code = kiosk_cli(list(argv))
    return code, err.getvalue(), time.perf_counter() - started


def check_promise(code: int, stderr: str, seconds: float) -> None:
    assert code in (0, 2), (code, stderr[-2000:])
    assert "Traceback" not in stderr, stderr[-2000:]
    assert seconds < SECONDS_PER_FILE
    if code == 2:
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert lines, "exit 2 with no reason given"
        for line in lines:
            assert len(line) < 1000, line[:200]  # one clear line, not a dump of the input
