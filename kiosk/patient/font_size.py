"""Whether 'Larger text' can really grow the letters, and the bytes that ask the terminal to.

A terminal draws every cell at one font size the program cannot change, with one exception we
rely on: xterm (which sets XTERM_VERSION) loads the font named in OSC 50 when its
`allowFontOps` resource is true (docs/larger-text.md has the exact settings, tried under Xvfb).
The font is named in full ("xft:DejaVu Sans Mono:size=20"): xterm 379 ignored the font-menu
form ("#5") with a TrueType font. Everywhere else the kiosk cannot grow letters, so the button
offers, and says, 'Bold text'.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from kiosk.core.messages import Messages, english


def letters_can_grow(env: Mapping[str, str] | None = None) -> bool:
    """True under xterm, the one terminal where the kiosk can change the font size itself."""
    env = os.environ if env is None else env
    return bool(env.get("XTERM_VERSION"))


def font_sequence(
    large: bool, face: str = "DejaVu Sans Mono", size: int = 14, large_size: int = 20
) -> str:
    """OSC 50 naming xterm's TrueType font at the large size, or at the size it started with."""
    return f"\x1b]50;xft:{face}:size={large_size if large else size}\x07"


def toggle_words(can_grow: bool, on: bool, words: Messages | None = None) -> str:
    """The button's label: what it does here, and its state in words (never colour alone)."""
    words = words or english()
    name = words("display.larger_text" if can_grow else "display.bold_text")
    return words("display.toggle_on", name=name) if on else name
