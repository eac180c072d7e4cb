"""Recognise a digits-only payload that a scanner typed through the wrong keyboard layout.

A keyboard-wedge scanner sends key codes, not characters: set to US while the PC uses French
AZERTY, the digit keys arrive as `à & é " ' ( - è _ ç`. We map such a scan back to digits when
exactly one known layout explains every character, and say how to fix the scanner.
"""

from __future__ import annotations

from dataclasses import dataclass

# Unshifted top row, keys 1 2 3 4 5 6 7 8 9 0, as each layout types it.
LAYOUTS: dict[str, str] = {
    "French AZERTY": "&é\"'(-è_çà",
    "Belgian AZERTY": "&é\"'(§è!çà",
    "Czech QWERTZ": "+ěščřžýáíé",
}
# A scan through the wrong layout has no digits at all: every key went through the same
# table. French and Belgian differ only on 6 and 8; Czech shares only `é` (2 vs 0) with them,
# so a scan is read only when every layout that explains it gives the same digits.

FIX = (
    "Set the scanner to the PC's keyboard layout (or to numeric / ALT-code mode); "
    "see the scanner's programming guide."
)


@dataclass(frozen=True)
class LayoutFix:
    digits: str | None
    """The payload mapped back to digits, or None when no single layout explains it."""
    layout: str | None
    message: str


def _table(row: str) -> dict[str, str]:
    return {char: "1234567890"[i] for i, char in enumerate(row)}


_TABLES = {name: _table(row) for name, row in LAYOUTS.items()}


def fix_layout(text: str) -> LayoutFix | None:
    """None when `text` is plain digits or not a wrong-layout scan at all; else what it was."""
    if not text or text.isdigit():
        return None
    readings: dict[str, list[str]] = {}
    for name, table in _TABLES.items():
        if all(c in table for c in text):
            digits = "".join(table[c] for c in text)
            readings.setdefault(digits, []).append(name)
    if not readings:
        return None
    if len(readings) > 1:
        names = ", ".join(n for group in readings.values() for n in group)
        return LayoutFix(None, None, f"Scanner keyboard layout is wrong (could be {names}). {FIX}")
    ((digits, names),) = readings.items()
    layout = " or ".join(names)
    return LayoutFix(digits, layout, f"Scanner is typing as {layout}; read anyway. {FIX}")
