"""The ESC/POS encoder: exact bytes per command, wrapping, safe text, and QR codes that scan."""

from __future__ import annotations

import random

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.escpos import PAPER_DOTS, Receipt, printable, qr_module_dots, qr_version, wrap
from kiosk.core.preview import Line, RenderError, render
from kiosk.errors import PayloadError

HEAD = b"\x1b@\x1bt\x13"  # initialise, code page PC858
_digits = random.Random(18)
PAYLOAD_150 = "".join(_digits.choice("0123456789") for _ in range(150))
PAYLOAD_700 = "".join(_digits.choice("0123456789") for _ in range(700))


def body(receipt: Receipt) -> bytes:
    data = receipt.to_bytes()
    assert data.startswith(HEAD)
    return data[len(HEAD) :]


# --- one command at a time -------------------------------------------------------------------


def test_empty_receipt_initialises_and_selects_pc858():
    assert Receipt(32).to_bytes() == HEAD


def test_bold_text_turns_emphasis_on_then_off():
    assert body(Receipt(32).text("Hi", bold=True).text("x")) == b"\x1bE\x01Hi\n\x1bE\x00x\n"


def test_double_text_sets_double_width_and_height_then_back():
    assert body(Receipt(32).text("Hi", double=True).text("x")) == b"\x1d!\x11Hi\n\x1d!\x00x\n"


@pytest.mark.parametrize(("align", "code"), [("center", 1), ("right", 2)])
def test_alignment_is_sent_before_the_line_and_reset_for_left(align, code):
    expected = b"\x1ba" + bytes([code]) + b"Hi\n\x1ba\x00x\n"
    assert body(Receipt(32).text("Hi", align=align).text("x")) == expected


def test_unchanged_settings_are_not_sent_again():
    receipt = Receipt(32).text("a", bold=True, align="center").text("b", bold=True, align="center")
    assert body(receipt) == b"\x1ba\x01\x1bE\x01a\nb\n"


def test_unknown_alignment_is_refused():
    with pytest.raises(ValueError, match="align"):
        Receipt(32).text("x", align="middle")


def test_rule_is_a_full_line_of_dashes():
    assert body(Receipt(48).rule()) == b"-" * 48 + b"\n"


def test_feed_prints_and_feeds_n_lines():
    assert body(Receipt(32).feed(3)) == b"\x1bd\x03"
    with pytest.raises(ValueError):
        Receipt(32).feed(256)


def test_cut_is_a_partial_cut_after_feeding_to_the_cutter():
    assert body(Receipt(32).cut()) == b"\x1dVB\x00"


def test_native_qr_sends_model_size_ecc_store_and_print():
    assert body(Receipt(32).qr("123")) == (
        b"\x1ba\x01"  # centred
        b"\x1bd\x01"  # quiet zone above
        b"\x1d(k\x04\x00\x31\x41\x32\x00"  # function 165: model 2
        b"\x1d(k\x03\x00\x31\x43\x06"  # function 167: 6 dots a module
        b"\x1d(k\x03\x00\x31\x45\x31"  # function 169: ECC M
        b"\x1d(k\x06\x00\x31\x50\x30123"  # function 180: store 3 bytes, pL = 3 + 3
        b"\x1d(k\x03\x00\x31\x51\x30"  # function 181: print
        b"\x1bd\x01"
    )


@pytest.mark.parametrize(("ecc", "code"), [("L", 48), ("M", 49), ("Q", 50), ("H", 51)])
def test_native_qr_error_correction_codes(ecc, code):
    assert b"\x1d(k\x03\x00\x31\x45" + bytes([code]) in body(Receipt(32).qr("1", ecc=ecc))


def test_native_qr_store_length_counts_past_255():
    store = b"\x1d(k" + (700 + 3).to_bytes(2, "little") + b"\x31\x50\x30" + PAYLOAD_700.encode()
    assert store in body(Receipt(32).qr(PAYLOAD_700))


def test_raster_qr_is_one_bit_per_dot_with_quiet_zone():
    data = body(Receipt(32).qr("123", mode="raster"))
    # version 1 is 21 modules + 2 x 4 quiet = 29 modules of 4 dots (the raster cap) = 116 dots,
    # 15 bytes a row
    assert data[:11] == b"\x1ba\x01\x1dv0\x00" + bytes([15, 0, 116, 0])
    rows = [data[11 + r * 15 : 11 + (r + 1) * 15] for r in range(116)]
    assert len(data) == 11 + 15 * 116
    assert rows[0] == rows[15] == bytes(15)  # quiet zone: 4 modules of white
    # first row of the top-left finder: 16 white dots, 28 black (7 modules), 4 white
    assert rows[16][:6] == b"\x00\x00\xff\xff\xff\xf0"


# --- QR sizing ---------------------------------------------------------------------------------


def test_all_digit_data_uses_numeric_mode():
    # ISO 18004 capacity of version 5-M: 202 digits in numeric mode, only 84 in byte mode
    assert qr_version("1" * 202, "M") == 5
    assert qr_version("1" * 203, "M") == 6
    assert qr_version("a" * 85, "M") == 6


def test_module_size_is_the_largest_that_fits_with_quiet_zone_capped_at_6():
    assert qr_module_dots(qr_version(PAYLOAD_150), 384) == 6  # 45 modules: 8 would fit
    assert qr_module_dots(qr_version(PAYLOAD_700), 384) == 4  # 77 modules: 4 x 77 = 308
    assert qr_module_dots(qr_version(PAYLOAD_700), 576) == 6


def test_unknown_qr_mode_or_ecc_is_refused():
    with pytest.raises(ValueError, match="mode"):
        Receipt(32).qr("1", mode="bitmap")
    with pytest.raises(ValueError, match="ecc"):
        Receipt(32).qr("1", ecc="X")


def test_qr_too_big_for_the_paper_or_for_qr_is_a_payload_error():
    with pytest.raises(PayloadError):
        qr_module_dots(40, 300)
    with pytest.raises(PayloadError):
        Receipt(32).qr("1" * 8000)


# --- QR codes scan back -----------------------------------------------------------------------


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("mode", ["native", "raster"])
@pytest.mark.parametrize("payload", [PAYLOAD_150, PAYLOAD_700], ids=["150-digits", "700-digits"])
def test_printed_qr_scans_back_to_the_payload(paper_mm, mode, payload):
    receipt = Receipt.for_paper(paper_mm).text("Patient copy", double=True).rule()
    receipt.qr(payload, mode=mode).text("Please hand this to reception", align="center").cut()
    printout = render(receipt.to_bytes(), PAPER_DOTS[paper_mm])
    [symbol] = printout.symbols
    assert symbol.mode == mode
    if mode == "native":
        quiet = 4 * symbol.module_dots
        assert quiet <= symbol.x and symbol.x + symbol.width + quiet <= PAPER_DOTS[paper_mm]
    barcodes = zxingcpp.read_barcodes(printout.image)
    assert [(b.format, b.text) for b in barcodes] == [(zxingcpp.BarcodeFormat.QRCode, payload)]


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_raster_qr_for_150_digits_stays_under_5_kb(paper_mm):
    native = len(body(Receipt.for_paper(paper_mm).qr(PAYLOAD_150)))
    raster = len(body(Receipt.for_paper(paper_mm).qr(PAYLOAD_150, mode="raster")))
    # 45 modules x 4 dots (the raster cap) = 180 dots square: 23 bytes x 180 rows
    # + ESC a + GS v 0 header
    assert raster == 3 + 8 + 23 * 180
    assert native < 250


# --- text: wrapping, width, code page ----------------------------------------------------------

SENTENCE = "Please tell the radiographer if you take blood thinners such as warfarin"


def test_wraps_at_32_columns_between_words():
    assert wrap(SENTENCE, 32) == [
        "Please tell the radiographer if",
        "you take blood thinners such as",
        "warfarin",
    ]


def test_wraps_at_48_columns_between_words():
    assert wrap(SENTENCE, 48) == [
        "Please tell the radiographer if you take blood",
        "thinners such as warfarin",
    ]


def test_line_may_fill_the_width_exactly_but_not_pass_it():
    assert wrap("x" * 15 + " " + "y" * 16, 32) == ["x" * 15 + " " + "y" * 16]
    assert wrap("x" * 15 + " " + "y" * 17, 32) == ["x" * 15, "y" * 17]


def test_long_word_is_broken_across_lines_not_cut():
    assert wrap("ref " + "x" * 70, 32) == ["ref", "x" * 32, "x" * 32, "x" * 6]


@pytest.mark.parametrize(("columns", "double_width"), [(32, 16), (48, 24)])
def test_double_size_text_wraps_at_half_the_columns(columns, double_width):
    printout = render(Receipt(columns).text(SENTENCE, double=True).to_bytes(), columns * 12)
    assert max(len(line.text) for line in printout.lines) <= double_width
    assert [line.text for line in printout.lines] == wrap(SENTENCE, double_width)
    assert all(line.double for line in printout.lines)


def test_new_lines_in_text_start_new_lines():
    assert body(Receipt(32).text("a\r\nb\n\nc")) == b"a\nb\n\nc\n"


def test_control_characters_are_stripped_so_text_cannot_send_commands():
    assert body(Receipt(32).text("A\x1b@B\x1dVB\x00C\x07\x7f\tD")) == b"A@BVBC D\n"


def test_invisible_format_characters_are_dropped():
    assert printable("ab\u202ecd\u200be\u00adf") == "abcdef"


def test_western_european_names_print_in_pc858():
    name = "Zoë Ó'Brien-Müller €5"
    assert body(Receipt(32).text(name)) == b"Zo\x89 \xe0'Brien-M\x81ller \xd55\n"
    assert render(Receipt(32).text(name).to_bytes(), 384).lines == [Line(name)]


@pytest.mark.parametrize(
    ("given", "printed"),
    [
        ("Łukasz", "Lukasz"),  # no NFKD decomposition: from the small table
        ("Ądam Čech", "Adam Cech"),  # NFKD base letters
        ("O’Brien", "O'Brien"),  # curly apostrophe
        ("e\u0301", "é"),  # decomposed accent is recombined
        ("李", "?"),  # nothing close in PC858
    ],
)
def test_characters_pc858_lacks_are_transliterated(given, printed):
    assert printable(given) == printed


@given(st.text(), st.integers(1, 48))
def test_wrapped_lines_fit_and_keep_every_character(text, width):
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


@given(st.lists(st.text("abc", min_size=1, max_size=8)), st.integers(8, 48))
def test_wrapping_keeps_words_that_fit_whole(words, width):
    assert all(len(line) <= width for line in wrap(" ".join(words), width))
    assert " ".join(wrap(" ".join(words), width)).split() == words


@given(st.text(), st.booleans(), st.sampled_from([32, 48]))
def test_any_text_prints_as_safe_lines_that_fit(text, double, columns):
    data = Receipt(columns).text(text, double=double, bold=True).to_bytes()
    printout = render(data, columns * 12)  # raises on any stray command or overflowing line
    width = columns // 2 if double else columns
    paragraphs = printable(text).split("\n")
    assert [line.text for line in printout.lines] == [
        line for paragraph in paragraphs for line in wrap(paragraph, width)
    ]


# --- the renderer refuses what the encoder must never send -------------------------------------


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x1bZ\x00",  # unknown ESC command
        b"\x1b",  # cut short
        b"\x07\n",  # bell
        b"\x1d!\x22",  # triple size
        b"\x1d(k\x03\x00\x31\x43\x00",  # module size 0
        b"\x1d(k\x03\x00\x31\x51\x30",  # print a QR that was never stored
        b"\x1dv0\x00\x02\x00\x02\x00\xff",  # raster data cut short
        b"\x1dv0\x00\x50\x00\x01\x00" + bytes(80),  # 640 dots wide on 384-dot paper
        b"abc",  # never printed: no LF
        b"\xe9\n",  # accent before a code page was chosen
        b"ab\x1ba\x01cd\n",  # alignment in the middle of a line
        b"x" * 33 + b"\n",  # 33 columns on 32-column paper
    ],
)
def test_renderer_rejects_garbage(garbage):
    with pytest.raises(RenderError):
        render(garbage, 384)


def test_renderer_catches_a_truncated_qr_store():
    data = Receipt(32).qr(PAYLOAD_150).to_bytes()
    store = data.index(b"\x31\x50\x30")
    with pytest.raises(RenderError):
        render(data[: store + 100], 384)
