"""Recognise a digits-only payload that a scanner typed through the wrong keyboard layout.

A keyboard-wedge scanner sends key positions (and Shift), not characters, so when the scanner
and the PC are set to different layouts the digits arrive as other characters. Both ways
round: a US-set scanner on a French PC types `& é " ' ( - è _ ç à`; a French-set scanner
(digits need Shift on AZERTY) on a US PC types `! @ # $ % ^ & * ( )`. We map such a scan back
to digits when every mismatch that explains it gives the same digits, and say how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass

UNSHIFTED = "US, UK or German"
"""Scanners whose layout types the digits without Shift."""
SHIFTED = "French, Belgian or Czech"
"""Scanners whose layout types the digits with Shift (AZERTY, Czech QWERTZ)."""


@dataclass(frozen=True)
class Mismatch:
    pc: str
    """The PC's keyboard layout."""
    scanner: str
    """The layouts the scanner may be set to that give this row on that PC."""
    row: str
    """What the PC types for the scanner's digits 1 2 3 4 5 6 7 8 9 0."""


MISMATCHES: tuple[Mismatch, ...] = (
    # A scanner that presses the digit keys unshifted, on a PC that puts symbols there.
    Mismatch("French AZERTY", UNSHIFTED, "&é\"'(-è_çà"),
    Mismatch("Belgian AZERTY", UNSHIFTED, "&é\"'(§è!çà"),
    Mismatch("Czech QWERTZ", UNSHIFTED, "+ěščřžýáíé"),
    # A scanner that holds Shift for each digit, on a PC whose shifted digit keys are symbols.
    Mismatch("US English", SHIFTED, "!@#$%^&*()"),
    Mismatch("UK English", SHIFTED, '!"£$%^&*()'),
    Mismatch("German QWERTZ", SHIFTED, '!"§$%&/()='),
)
"""Checked against the X keyboard data in tests/test_station_layout.py: for every pair of
scanner and PC layouts among us, gb, de, fr, be, what the PC receives is one of these rows (or
the digits themselves)."""

LAYOUTS: dict[str, str] = {m.pc: m.row for m in MISMATCHES}
"""Each PC layout's row, by name."""

# A scan through the wrong layout has no digits at all: every key went through the same
# table. Rows share characters with different digits (`&` is 1 on French, 7 on US, 6 on
# German; `é` is 2 on French, 0 on Czech), so a scan is read only when every row that
# explains it gives the same digits.

FIX = (
    "Set the scanner to the PC's keyboard layout (or to numeric / ALT-code mode); "
    "see the scanner's programming guide."
)


@dataclass(frozen=True)
class LayoutFix:
    digits: str | None
    """The payload mapped back to digits, or None when no single reading explains it."""
    layout: str | None
    """The PC layout (or layouts, joined by "or") that explain the scan."""
    message: str


def _table(row: str) -> dict[str, str]:
    return {char: "1234567890"[i] for i, char in enumerate(row)}


_TABLES = [(m, _table(m.row)) for m in MISMATCHES]


def fix_layout(text: str) -> LayoutFix | None:
    """None when `text` is plain digits or not a wrong-layout scan at all; else what it was."""
    if not text or text.isdigit():
        return None
    readings: dict[str, list[Mismatch]] = {}
    for mismatch, table in _TABLES:
        if all(c in table for c in text):
            digits = "".join(table[c] for c in text)
            readings.setdefault(digits, []).append(mismatch)
    if not readings:
        return None
    if len(readings) > 1:
        names = ", ".join(f"{m.pc} PC" for group in readings.values() for m in group)
        return LayoutFix(
            None,
            None,
            f"Scanner keyboard layout is wrong for this PC (could be {names}); not read. {FIX}",
        )
    ((digits, found),) = readings.items()
    pcs = " or ".join(m.pc for m in found)
    scanners = " or ".join(dict.fromkeys(m.scanner for m in found))
    return LayoutFix(
        digits,
        pcs,
        f"Read anyway: scanner keyboard layout {scanners}; this PC types {pcs}. "
        "Set the scanner to match (or to numeric mode).",
    )
