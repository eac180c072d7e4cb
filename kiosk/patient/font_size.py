"""Whether 'Larger text' can really grow the letters, and the bytes that ask the terminal to.

A terminal draws every cell at one font size the program cannot change, with one exception we
rely on: xterm (which sets XTERM_VERSION) switches to an entry of its font menu on OSC 50
"#<n>", when its `allowFontOps` resource is true (docs/larger-text.md has the exact settings).
Everywhere else the kiosk cannot grow letters, so the button offers, and says, 'Bold text'.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# xterm's font menu: entry 0 is the font it started with, 5 is "Large" (faceSize5 / font5).
XTERM_LARGE_ENTRY = 5
XTERM_DEFAULT_ENTRY = 0


def letters_can_grow(env: Mapping[str, str] | None = None) -> bool:
    """True under xterm, the one terminal where the kiosk can change the font size itself."""
    env = os.environ if env is None else env
    return bool(env.get("XTERM_VERSION"))


def font_sequence(large: bool) -> str:
    """OSC 50 selecting xterm's "Large" font menu entry, or the font it started with."""
    entry = XTERM_LARGE_ENTRY if large else XTERM_DEFAULT_ENTRY
    return f"\x1b]50;#{entry}\x07"


def toggle_words(can_grow: bool, on: bool) -> str:
    """The button's label: what it does here, and its state in words (never colour alone)."""
    name = "Larger text" if can_grow else "Bold text"
    return f"✓ {name}: on" if on else name
