"""The kiosk's own words, one catalogue per language: `kiosk/core/messages/<language>.toml`.

What the form does not say (buttons, hints, problems, the receipt's words) is looked up here by
key, `words("review.confirm")`, with `{placeholders}` filled in. A catalogue is a TOML table,
not gettext: a hospital's translator and reviewer read and edit it as text, beside the English,
with no compile step and no tools, and the kiosk checks it as it checks a form (the same keys
as English, the same placeholders in each) before it shows a word. docs/languages.md. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from string import Formatter

from kiosk.core.bounded_toml import read_toml
from kiosk.errors import KioskError, Problem

BUILT_IN = Path(__file__).parent
"""The catalogues shipped with the kiosk (English only)."""
ENGLISH = "en"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

Entry = str | tuple[str, ...]


class MessagesError(KioskError):
    """A message catalogue is missing, unreadable, or does not match the English one."""


class Messages:
    """One language's words by key; `words(key, **values)` fills in the placeholders."""

    def __init__(self, language: str, entries: Mapping[str, Entry], source: str = "") -> None:
        self.language = language
        self.source = source
        self._entries = dict(entries)

    def __call__(self, key: str, **values: object) -> str:
        entry = self._entries[key]
        if not isinstance(entry, str):
            raise TypeError(f"{key} is a list; use words.list({key!r})")
        return entry.format(**values) if values else entry

    def list(self, key: str) -> tuple[str, ...]:
        entry = self._entries[key]
        return entry if isinstance(entry, tuple) else (entry,)

    def names(self) -> list[str]:
        return list(self._entries)

    def entries(self) -> Mapping[str, Entry]:
        return dict(self._entries)


def placeholders(text: str) -> set[str]:
    """The `{names}` a message fills in."""
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def flatten(data: Mapping[str, object], source: str, prefix: str = "") -> dict[str, Entry]:
    """`{"review": {"confirm": "..."}}` -> `{"review.confirm": "..."}`; lists stay lists."""
    out: dict[str, Entry] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            out.update(flatten(value, source, key + "."))
        elif isinstance(value, str):
            out[key] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = tuple(value)
        else:
            raise MessagesError(Problem(source, "expected text or a list of texts", field=key))
    return out


def mismatches(english: Messages, other: Messages) -> list[Problem]:
    """What makes `other` not a translation of `english`: keys missing or extra, placeholders
    changed, lists of another length. A translation may change words, never what is filled in."""
    source, theirs, ours = other.source, other.entries(), english.entries()
    problems = [
        Problem(source, "missing (the English has it)", field=k) for k in ours if k not in theirs
    ]
    problems += [
        Problem(source, "not a key of the English catalogue", field=k)
        for k in theirs
        if k not in ours
    ]
    for key in ours.keys() & theirs.keys():
        mine, yours = ours[key], theirs[key]
        if isinstance(mine, str) != isinstance(yours, str):
            problems.append(Problem(source, "text and list mixed up", field=key))
        elif isinstance(mine, tuple) and len(mine) != len(yours):
            problems.append(
                Problem(source, f"expected {len(mine)} entries, got {len(yours)}", field=key)
            )
        elif isinstance(mine, str):
            try:
                want, got = placeholders(mine), placeholders(yours)
            except ValueError as exc:
                problems.append(Problem(source, f"unreadable placeholder: {exc}", field=key))
                continue
            if want != got:
                wanted = ", ".join(f"{{{n}}}" for n in sorted(want)) or "none"
                problems.append(Problem(source, f"expected the placeholders {wanted}", field=key))
    return sorted(problems, key=lambda p: p.field or "")


def read_messages(path: Path, language: str) -> Messages:
    data, _text = read_toml(path, MessagesError)
    return Messages(language, flatten(data, str(path)), str(path))


@cache
def english() -> Messages:
    """The built-in English catalogue, the one every other is checked against."""
    return read_messages(BUILT_IN / f"{ENGLISH}.toml", ENGLISH)


def load_messages(language: str, folders: Iterable[Path] = ()) -> Messages:
    """The catalogue for `language`: from the first of `folders` that has `<language>.toml`,
    else the built-in one; checked against English. MessagesError when none or it differs."""
    if not LANGUAGE_CODE.match(language):
        raise MessagesError(f"{language!r} is not a language code such as en, cy or pt-BR")
    if language == ENGLISH and not folders:
        return english()
    for folder in (*folders, BUILT_IN):
        path = Path(folder) / f"{language}.toml"
        if path.is_file():
            messages = read_messages(path, language)
            problems = mismatches(english(), messages)
            if problems:
                raise MessagesError(problems)
            return messages
    places = ", ".join(str(f) for f in (*folders, BUILT_IN))
    raise MessagesError(f"no message catalogue {language}.toml in {places}")
