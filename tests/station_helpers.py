"""Helpers for the station's Pilot tests: a site in a temp folder, payloads, a stepping clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual import events
from textual.keys import _character_to_key

from kiosk.core.answers import from_json
from kiosk.core.form import load_form
from kiosk.core.payload import encode
from kiosk.core.summary import build_summary
from kiosk.settings.config import DEFAULT_FORM
from kiosk.settings.signing_key import load_key, write_key

NOW = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
FORM = load_form(DEFAULT_FORM)


class StepClock:
    """Each call returns the time and moves it on by `step` seconds (a scanner: a few ms)."""

    def __init__(self, start: datetime = NOW, step: float = 0.004) -> None:
        self.now = start
        self.step = timedelta(seconds=step)

    def __call__(self) -> datetime:
        now = self.now
        self.now += self.step
        return now


def make_site(folder: Path, *, key: bool = True, extra_forms: tuple[Path, ...] = ()) -> Path:
    """A kiosk.toml in `folder` (its key file written when `key`); returns the config path."""
    config = folder / "kiosk.toml"
    extra = ", ".join(f'"{p}"' for p in extra_forms)
    config.write_text(
        f'[form]\npath = "{DEFAULT_FORM}"\n'
        '[payload]\nkey_file = "var/kiosk.key"\nmax_age_h = 24\n'
        '[station]\ndb_path = "var/station.sqlite3"\nrelief_thresholds = [50, 80]\n'
        f"extra_forms = [{extra}]\n"
    )
    if key:
        write_key(folder / "var" / "kiosk.key")
    return config


def key_of(folder: Path) -> bytes:
    return load_key(folder / "var" / "kiosk.key")


def payload(raw: dict, key: bytes, issued_at: datetime = NOW - timedelta(minutes=20), form=FORM):
    answers = from_json(form, raw, issued_at.date())
    summary = build_summary(form, answers, issued_at)
    return encode(summary, form, key, "1", issued_at)


async def wedge_scan(pilot, text: str) -> None:
    """Type `text` then Enter, one key event each, back to back as a keyboard-wedge scanner does
    (the keys' times come from the app's StepClock, so the burst is fast whatever the machine)."""
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        pilot.app.post_message(events.Key(key, char))
    pilot.app.post_message(events.Key("enter", "\r"))
    await pilot.pause()
    await pilot.pause()


def shown(app, selector: str) -> str:
    """The plain text a Static shows."""
    content = app.screen.query_one(selector).content
    return content.plain if hasattr(content, "plain") else str(content)


def repeated_phrase(text: str, words: int = 3) -> str | None:
    """The first run of `words` words that `text` says twice (case and punctuation aside)."""
    plain = [w.strip(".,;:()-'\"").lower() for w in text.split()]
    plain = [w for w in plain if w]
    seen = set()
    for i in range(len(plain) - words + 1):
        phrase = " ".join(plain[i : i + words])
        if phrase in seen:
            return phrase
        seen.add(phrase)
    return None
