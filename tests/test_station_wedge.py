"""Scanner bursts versus human typing, and digits typed through the wrong keyboard layout."""

from kiosk.station.keyboard_layout import LAYOUTS, fix_layout
from kiosk.station.wedge import Wedge


def _type(wedge: Wedge, text: str, start: float, gap: float) -> float:
    at = start
    for char in text:
        wedge.key(char, at)
        at += gap
    return at


def test_fast_burst_ending_in_enter_is_a_scan():
    wedge = Wedge()
    at = _type(wedge, "123456789", 100.0, 0.004)
    assert wedge.enter(at) == "123456789"
    assert wedge.pending == 0


def test_slow_typing_then_enter_is_not_a_scan():
    wedge = Wedge()
    at = _type(wedge, "123456789", 100.0, 0.2)
    assert wedge.enter(at) is None


def test_slow_keys_before_a_burst_are_dropped():
    wedge = Wedge()
    at = _type(wedge, "hello", 100.0, 0.3)
    at = _type(wedge, "98765432", at + 1.0, 0.003)
    assert wedge.enter(at) == "98765432"


def test_late_enter_after_a_burst_is_not_a_scan():
    wedge = Wedge()
    at = _type(wedge, "98765432", 100.0, 0.003)
    assert wedge.enter(at + 0.5) is None


def test_short_burst_is_not_a_scan():
    wedge = Wedge()
    at = _type(wedge, "12", 100.0, 0.003)
    assert wedge.enter(at) is None


def test_plain_digits_need_no_layout_fix():
    assert fix_layout("0123456789") is None


def test_french_azerty_digits_are_mapped_back():
    fixed = fix_layout("&é\"'(-è_çà")
    assert fixed is not None
    assert fixed.digits == "1234567890"
    assert fixed.layout == "French AZERTY"
    assert "keyboard layout" in fixed.message and "numeric" in fixed.message


def test_keys_common_to_french_and_belgian_map_the_same_way():
    fixed = fix_layout("&é\"'(èçà")  # no 6 or 8: both layouts agree
    assert fixed.digits == "12345790"
    assert "French AZERTY" in fixed.layout and "Belgian AZERTY" in fixed.layout


def test_belgian_azerty_is_recognised_by_its_6_and_8():
    assert fix_layout("§è!").digits == "678"


def test_symbols_two_pc_layouts_read_differently_are_not_read():
    fixed = fix_layout("§!")  # Belgian PC 68, or a French-set scanner on a German PC 31
    assert fixed.digits is None
    assert "Belgian AZERTY" in fixed.message and "German QWERTZ" in fixed.message


def test_czech_qwertz_digits_are_mapped_back():
    assert fix_layout("+ěščřžýáíé").digits == "1234567890"


def test_ambiguous_layout_is_not_decoded():
    fixed = fix_layout("éé")  # French 22, Czech 00
    assert fixed.digits is None
    assert "layout" in fixed.message


def test_other_text_is_not_a_layout_problem():
    assert fix_layout("https://example.org") is None
    assert fix_layout("ABC-123") is None


def test_every_layout_row_is_ten_distinct_keys():
    for row in LAYOUTS.values():
        assert len(set(row)) == 10
