"""Scanner and PC keyboard layouts that differ, both ways round, checked against X's own data.

A wedge scanner sends key positions and Shift. For each layout the scanner can be set to and
each layout the PC can use (us, gb, de, fr, be, cz), this finds, in the X keyboard symbol
files, which key and level the scanner presses for each digit and what that key and level
types on the PC; the station must read every such scan back to the digits or say it cannot.
"""

import re
from pathlib import Path

import pytest
from conftest import needs

from kiosk.station.keyboard_layout import LAYOUTS, fix_layout

XKB = Path("/usr/share/X11/xkb/symbols")
NAMES = {
    "us": "US English",
    "gb": "UK English",
    "de": "German QWERTZ",
    "fr": "French AZERTY",
    "be": "Belgian AZERTY",
    "cz": "Czech QWERTZ",
}
KEYS = [f"AE{n:02d}" for n in range(1, 11)]
# keysym names (X11 keysymdef) of what these keys type; an unknown one fails the test
KEYSYMS = {
    **{d: d for d in "1234567890"},
    **dict(
        exclam="!", at="@", numbersign="#", dollar="$", percent="%", asciicircum="^",
        ampersand="&", asterisk="*", parenleft="(", parenright=")", quotedbl='"',
        sterling="£", section="§", slash="/", equal="=", apostrophe="'", minus="-",
        underscore="_", plus="+", eacute="é", egrave="è", ccedilla="ç", agrave="à",
        ecaron="ě", scaron="š", ccaron="č", rcaron="ř", zcaron="ž", yacute="ý",
        aacute="á", iacute="í",
    ),
}  # fmt: skip
# A real payload is long; every digit appears in it.
PAYLOAD = "20931" + "1234567890" * 3 + "5550001"

pytestmark = needs(XKB.is_dir(), "no X keyboard data on this machine (Debian: xkb-data)")


def _sections(name: str) -> dict[str, str]:
    text = re.sub(r"//[^\n]*", "", (XKB / name).read_text())
    found = re.findall(r'xkb_symbols\s+"([^"]+)"\s*\{(.*?)\n\};', text, re.S)
    return {section: body for section, body in found} | {"": found[0][1]}


def _keys(spec: str) -> dict[str, list[str]]:
    """Key -> keysyms by level for `file(section)`, includes resolved; later lines win."""
    name, _, section = spec.partition("(")
    body = _sections(name).get(section.rstrip(")"), "")
    keys: dict[str, list[str]] = {}
    for include, key, syms in re.findall(
        r'include\s+"([^"]+)"|key\s+<(AE\d\d)>\s*\{\s*\[([^\]]*)\]', body
    ):
        if include:
            keys.update(_keys(include))
        else:
            keys[key] = [s.strip() for s in syms.split(",")]
    return keys


def _typed(scanner: str, pc: str, digits: str) -> str:
    """What the PC receives when a scanner set to `scanner` types `digits`."""
    scanner_keys, pc_keys = _keys(scanner), _keys(pc)
    press = {}
    for key in KEYS:
        for level, sym in enumerate(scanner_keys[key][:2]):
            if sym in "1234567890" and sym not in press:
                press[sym] = (key, level)
    return "".join(KEYSYMS[pc_keys[press[d][0]][press[d][1]]] for d in digits)


def test_the_x_keyboard_data_gives_every_digit_on_every_layout():
    for layout in NAMES:
        row = _typed(layout, layout, "1234567890")
        assert row == "1234567890", layout


@pytest.mark.parametrize("pc", sorted(NAMES))
@pytest.mark.parametrize("scanner", sorted(NAMES))
def test_every_scanner_and_pc_layout_pair_is_read_back_to_the_digits(scanner, pc):
    typed = _typed(scanner, pc, PAYLOAD)
    if typed == PAYLOAD:  # e.g. a US scanner on a UK or German PC: digits are digits
        assert fix_layout(typed) is None
        return
    fixed = fix_layout(typed)
    assert fixed is not None, (scanner, pc, typed)
    assert fixed.digits == PAYLOAD, (scanner, pc, fixed.message)
    assert NAMES[pc] in fixed.layout and NAMES[pc] in fixed.message
    assert "Read anyway" in fixed.message


def test_a_french_scanner_on_a_us_pc_is_named_both_ways():
    typed = _typed("fr", "us", PAYLOAD)
    assert set(typed) <= set("!@#$%^&*()")
    fixed = fix_layout(typed)
    assert "this PC types US English" in fixed.message
    assert "scanner keyboard layout French, Belgian or Czech;" in fixed.message


def test_each_row_in_the_table_is_one_the_x_data_produces():
    produced = {_typed(s, p, "1234567890") for s in NAMES for p in NAMES} - {"1234567890"}
    assert set(LAYOUTS.values()) == produced
