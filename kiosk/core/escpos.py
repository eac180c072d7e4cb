"""ESC/POS bytes for Epson TM-T20/TM-T88 class printers: text, rules, cuts and QR codes.

Pure encoder: the receipt layout builds a `Receipt` and sends `to_bytes()` to a transport.
Text is printed in code page PC858; what it lacks is transliterated, then shown as '?'.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import qrcode
from qrcode.exceptions import DataOverflowError

from kiosk.errors import PayloadError

ESC = b"\x1b"
GS = b"\x1d"
LF = b"\n"

INITIALISE = ESC + b"@"
SELECT_CODE_PAGE = ESC + b"t"  # + n
CODE_PAGE_PC858 = 19  # Epson's number for PC858: PC850 (Western Europe) with the euro sign
CODEC = "cp858"
EMPHASIS = ESC + b"E"  # + 0 off / 1 on
CHARACTER_SIZE = GS + b"!"  # + (width - 1) << 4 | (height - 1)
SIZE_NORMAL = 0x00
SIZE_DOUBLE = 0x11
ALIGN = ESC + b"a"  # + 0 left / 1 centre / 2 right
ALIGN_CODES = {"left": 0, "center": 1, "right": 2}
FEED_LINES = ESC + b"d"  # + n
PARTIAL_CUT_AFTER_FEED = GS + b"V" + bytes([66])  # + n: feed to the cutter (+ n dots), cut
RASTER_IMAGE = GS + b"v0"  # + m xL xH yL yH, then rows of 1 bit per dot, MSB = leftmost
QR_COMMAND = GS + b"(k"  # + pL pH cn=49 fn parameters
QR_ECC_CODES = {"L": 48, "M": 49, "Q": 50, "H": 51}

FONT_A_DOTS = 12  # Font A is 12 x 24 dots, so columns * 12 = printable dots
PAPER_COLUMNS = {58: 32, 80: 48}
PAPER_DOTS = {58: 384, 80: 576}
QR_QUIET_MODULES = 4
MAX_MODULE_DOTS = 6  # 0.75 mm modules scan easily; bigger only wastes paper
RASTER_MAX_MODULE_DOTS = 4  # 0.5 mm: still easy to scan, and a bitmap under half the bytes

Align = Literal["left", "center", "right"]
QrMode = Literal["native", "raster"]
Ecc = Literal["L", "M", "Q", "H"]

# Letters and punctuation that NFKD does not reduce to something PC858 has.
_TRANSLITERATIONS = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
        "Œ": "OE", "œ": "oe", "‘": "'", "’": "'", "‚": "'", "‛": "'",
        "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‐": "-", "‑": "-",
    }
)  # fmt: skip
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n"})


def printable(s: str) -> str:
    """`s` made safe for PC858: one output character per printed column, no control codes.

    Line breaks become "\\n", tabs and other spaces a space; control and format characters (ESC,
    GS, zero-width and bidi marks, soft hyphens, stray accents) are dropped, so text can never
    inject a command.
    A character PC858 lacks is replaced by its NFKD base letters ("ą" -> "a") or by a small
    table ("Ł" -> "L", "’" -> "'"), and by "?" when neither helps ("李" -> "?").
    """
    s = unicodedata.normalize("NFC", s.replace("\r\n", "\n"))
    s = s.translate(_LINE_BREAKS).translate(_TRANSLITERATIONS)
    out = []
    for ch in s:
        if ch == "\t" or (ch.isspace() and unicodedata.category(ch) != "Cc"):
            out.append(" ")
        elif ch == "\n" or _fits_code_page(ch):
            out.append(ch)
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Mn", "Me"):
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if _fits_code_page(c))
            out.append(base or "?")
    return "".join(out)


def _fits_code_page(ch: str) -> bool:
    if unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
        return False
    try:
        ch.encode(CODEC)
    except UnicodeEncodeError:
        return False
    return True


def wrap(s: str, width: int) -> list[str]:
    """Split one paragraph into lines of at most `width` columns, breaking at spaces.

    A word longer than the width is broken across lines; no character is ever dropped.
    """
    lines: list[str] = []
    line = ""
    for word in s.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def qr_version(data: str, ecc: Ecc = "M") -> int:
    """The smallest QR version (1-40) that holds `data`; all-digit data uses numeric mode."""
    return _qr(data, ecc, box_size=1).version


def qr_module_dots(version: int, paper_dots: int) -> int:
    """The largest module size in dots that fits the symbol and its quiet zone on the paper."""
    modules = 17 + 4 * version + 2 * QR_QUIET_MODULES
    size = min(MAX_MODULE_DOTS, paper_dots // modules)
    if size < 2:
        raise PayloadError(f"a version {version} QR code does not fit {paper_dots} dots")
    return size


def _qr(data: str, ecc: Ecc, box_size: int) -> qrcode.QRCode:
    if ecc not in QR_ECC_CODES:
        raise ValueError(f"ecc must be one of {', '.join(QR_ECC_CODES)}, got {ecc!r}")
    code = qrcode.QRCode(
        error_correction=getattr(qrcode.constants, f"ERROR_CORRECT_{ecc}"),
        box_size=box_size,
        border=QR_QUIET_MODULES,
    )
    code.add_data(data)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:  # qrcode 8 raises ValueError past version 40
        raise PayloadError(f"{len(data)} characters are too many for a QR code") from exc
    return code


def raster_image(rows: list[list[bool]]) -> bytes:
    """GS v 0 for a bitmap given as rows of dots (True = black), padded to whole bytes."""
    width_bytes = (len(rows[0]) + 7) // 8
    data = bytearray()
    for row in rows:
        bits = int("".join("1" if dot else "0" for dot in row), 2) << (width_bytes * 8 - len(row))
        data += bits.to_bytes(width_bytes, "big")
    return (
        RASTER_IMAGE
        + bytes([0])
        + width_bytes.to_bytes(2, "little")
        + len(rows).to_bytes(2, "little")
        + bytes(data)
    )


def _qr_function(fn: int, parameters: bytes) -> bytes:
    return QR_COMMAND + (len(parameters) + 2).to_bytes(2, "little") + bytes([49, fn]) + parameters


class Receipt:
    """A receipt being built for a printer with `columns` Font A columns (32 or 48)."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self._parts = [INITIALISE, SELECT_CODE_PAGE + bytes([CODE_PAGE_PC858])]
        self._align, self._bold, self._size = "left", False, SIZE_NORMAL

    @classmethod
    def for_paper(cls, width_mm: int) -> Receipt:
        return cls(PAPER_COLUMNS[width_mm])

    def text(
        self, s: str, *, bold: bool = False, double: bool = False, align: Align = "left"
    ) -> Receipt:
        """Print `s`, wrapped to the width (half as many columns when double-size)."""
        self._style(align=align, bold=bold, size=SIZE_DOUBLE if double else SIZE_NORMAL)
        width = self.columns // 2 if double else self.columns
        for paragraph in printable(s).split("\n"):
            for line in wrap(paragraph, width):
                self._parts.append(line.encode(CODEC) + LF)
        return self

    def rule(self) -> Receipt:
        """A full-width line of dashes at normal size."""
        return self.text("-" * self.columns)

    def feed(self, lines: int = 1) -> Receipt:
        if not 0 <= lines <= 255:
            raise ValueError(f"feed takes 0-255 lines, got {lines}")
        self._parts.append(FEED_LINES + bytes([lines]))
        return self

    def cut(self) -> Receipt:
        """Feed the last line past the cutter and cut, leaving a hinge."""
        self._parts.append(PARTIAL_CUT_AFTER_FEED + bytes([0]))
        return self

    def qr(
        self,
        data: str,
        *,
        mode: QrMode = "native",
        ecc: Ecc = "M",
        paper_dots: int | None = None,
    ) -> Receipt:
        """A centred QR code with its quiet zone, as big as fits (up to 6 dots a module).

        "native" sends the data and lets the printer draw the symbol (GS ( k, small and fast);
        "raster" draws it here and sends the bitmap (GS v 0), for printers without QR support.
        """
        if mode not in ("native", "raster"):
            raise ValueError(f"mode must be 'native' or 'raster', got {mode!r}")
        paper_dots = paper_dots or self.columns * FONT_A_DOTS
        self._style(align="center", bold=self._bold, size=self._size)
        if mode == "native":
            size = qr_module_dots(qr_version(data, ecc), paper_dots)
            self._parts += [
                FEED_LINES + bytes([1]),  # quiet zone above: one line is at least 4 modules
                _qr_function(65, bytes([50, 0])),  # model 2
                _qr_function(67, bytes([size])),
                _qr_function(69, bytes([QR_ECC_CODES[ecc]])),
                _qr_function(80, b"0" + data.encode()),
                _qr_function(81, b"0"),
                FEED_LINES + bytes([1]),
            ]
        else:
            code = _qr(data, ecc, box_size=1)
            size = min(RASTER_MAX_MODULE_DOTS, qr_module_dots(code.version, paper_dots))
            matrix = code.get_matrix()  # includes the quiet zone
            rows = [[dot for dot in row for _ in range(size)] for row in matrix]
            self._parts.append(raster_image([row for row in rows for _ in range(size)]))
        return self

    def to_bytes(self) -> bytes:
        return b"".join(self._parts)

    def _style(self, *, align: Align, bold: bool, size: int) -> None:
        """Send only the settings that change, so the bytes stay short and readable."""
        if align not in ALIGN_CODES:
            raise ValueError(f"align must be one of {', '.join(ALIGN_CODES)}, got {align!r}")
        if align != self._align:
            self._parts.append(ALIGN + bytes([ALIGN_CODES[align]]))
        if bold != self._bold:
            self._parts.append(EMPHASIS + bytes([int(bold)]))
        if size != self._size:
            self._parts.append(CHARACTER_SIZE + bytes([size]))
        self._align, self._bold, self._size = align, bold, size
