"""Replays the ESC/POS bytes `kiosk.core.escpos` emits, the way the printer would.

Used by `kiosk preview` (a PNG and text for people to look at) and by the tests, which scan
the QR code back from the image.
`render(data, paper_dots)` returns the printed lines with their styles and a PIL image of the
paper at dot resolution. Any command the encoder should never send raises `RenderError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import qrcode
from PIL import Image, ImageDraw, ImageFont

LINE_DOTS = 30  # TM-T20 default line spacing (3.75 mm at 203 dpi)
CELL = (12, 24)  # Font A
ALIGNS = {0: "left", 1: "center", 2: "right"}
ECCS = {48: "L", 49: "M", 50: "Q", 51: "H"}
CODE_PAGES = {19: "cp858"}


class RenderError(Exception):
    """The bytes hold something a correct encoder would not send."""


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    double: bool = False
    align: str = "left"


@dataclass(frozen=True)
class Symbol:
    """A QR code as printed: where it sits on the paper, in dots."""

    mode: str  # "native" or "raster"
    x: int
    y: int
    width: int
    height: int
    data: bytes | None = None  # native only
    module_dots: int | None = None  # native only
    ecc: str | None = None  # native only


@dataclass
class Printout:
    lines: list[Line]
    image: Image.Image
    symbols: list[Symbol]
    cuts: int


@dataclass
class _Printer:
    paper_dots: int
    bands: list[Image.Image] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    symbols: list[Symbol] = field(default_factory=list)
    cuts: int = 0
    buffer: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.codec: str | None = None
        self.align, self.bold, self.double = "left", False, False
        self.qr_model = self.qr_size = self.qr_ecc = self.qr_data = None

    @property
    def y(self) -> int:
        return sum(band.height for band in self.bands)

    def at_line_start(self, what: str) -> None:
        if self.buffer:
            raise RenderError(f"{what} in the middle of a line (after {bytes(self.buffer)!r})")

    def x_for(self, width: int) -> int:
        if width > self.paper_dots:
            raise RenderError(f"{width} dots do not fit the {self.paper_dots}-dot paper")
        return {"left": 0, "center": (self.paper_dots - width) // 2}.get(
            self.align, self.paper_dots - width
        )

    def print_line(self) -> None:
        if any(b >= 0x80 for b in self.buffer) and self.codec is None:
            raise RenderError("text above 0x7f before a code page was chosen")
        text = bytes(self.buffer).decode(self.codec or "ascii")
        self.buffer.clear()
        self.lines.append(Line(text, self.bold, self.double, self.align))
        scale = 2 if self.double else 1
        cell_w, cell_h = CELL[0] * scale, CELL[1] * scale
        band = Image.new("L", (self.paper_dots, max(LINE_DOTS, cell_h + 6)), 255)
        x0 = self.x_for(len(text) * cell_w)
        font = _font(cell_h - 4)
        draw = ImageDraw.Draw(band)
        for i, ch in enumerate(text):
            for dx in (0, 1) if self.bold else (0,):
                draw.text((x0 + i * cell_w + dx, 0), ch, fill=0, font=font)
        self.bands.append(band)

    def feed(self, lines: int) -> None:
        if self.buffer:
            self.print_line()
        if lines:
            self.bands.append(Image.new("L", (self.paper_dots, lines * LINE_DOTS), 255))

    def paint(self, mode: str, picture: Image.Image, **details) -> None:
        x = self.x_for(picture.width)
        self.symbols.append(Symbol(mode, x, self.y, picture.width, picture.height, **details))
        band = Image.new("L", (self.paper_dots, picture.height), 255)
        band.paste(picture, (x, 0))
        self.bands.append(band)

    def qr(self, fn: int, params: bytes) -> None:
        if fn == 65 and params == b"2\x00":
            self.qr_model = 2
        elif fn == 67 and len(params) == 1 and 1 <= params[0] <= 16:
            self.qr_size = params[0]
        elif fn == 69 and len(params) == 1 and params[0] in ECCS:
            self.qr_ecc = ECCS[params[0]]
        elif fn == 80 and len(params) > 1 and params[0] == 48:
            self.qr_data = params[1:]
        elif fn == 81 and params == b"0":
            self.print_qr()
        else:
            raise RenderError(f"bad QR function {fn} with parameters {params!r}")

    def print_qr(self) -> None:
        self.at_line_start("QR print")
        if None in (self.qr_model, self.qr_size, self.qr_ecc, self.qr_data):
            raise RenderError("QR printed before model, module size, ECC and data were set")
        ecc = getattr(qrcode.constants, f"ERROR_CORRECT_{self.qr_ecc}")
        code = qrcode.QRCode(error_correction=ecc, box_size=1, border=0)
        code.add_data(self.qr_data)
        code.make(fit=True)
        matrix = code.get_matrix()
        picture = Image.new("L", (len(matrix), len(matrix)), 255)
        picture.putdata([0 if dot else 255 for row in matrix for dot in row])
        size = self.qr_size
        picture = picture.resize((picture.width * size, picture.height * size), Image.NEAREST)
        self.paint("native", picture, data=self.qr_data, module_dots=size, ecc=self.qr_ecc)
        self.qr_data = None  # the printer keeps it, but our encoder always stores before printing

    def raster(self, x_bytes: int, height: int, bits: bytes) -> None:
        self.at_line_start("raster image")
        if not (x_bytes and height):
            raise RenderError("empty raster image")
        inverted = bytes(b ^ 0xFF for b in bits)  # in PIL mode "1" a set bit is white
        self.paint("raster", Image.frombytes("1", (x_bytes * 8, height), inverted).convert("L"))

    def printout(self) -> Printout:
        if self.buffer:
            raise RenderError(f"text never printed (no LF): {bytes(self.buffer)!r}")
        image = Image.new("L", (self.paper_dots, max(1, self.y)), 255)
        y = 0
        for band in self.bands:
            image.paste(band, (0, y))
            y += band.height
        return Printout(self.lines, image, self.symbols, self.cuts)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospaced font with accents where the system has one; the look is only a rough guide."""
    try:
        return ImageFont.truetype("DejaVuSansMono.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _take(data: bytes, i: int, n: int) -> bytes:
    if i + n > len(data):
        raise RenderError(f"command at offset {i} is cut short: {data[i - 2 : i + n]!r}")
    return data[i : i + n]


def render(data: bytes, paper_dots: int) -> Printout:
    """Replay `data` on paper `paper_dots` wide (384 for 58 mm, 576 for 80 mm)."""
    p = _Printer(paper_dots)
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x0A:
            p.print_line()
            i += 1
        elif byte == 0x1B:
            i = _esc(p, data, i)
        elif byte == 0x1D:
            i = _gs(p, data, i)
        elif 0x20 <= byte != 0x7F:
            p.buffer.append(byte)
            i += 1
        else:
            raise RenderError(f"unexpected control byte 0x{byte:02x} at {i}")
    return p.printout()


def _esc(p: _Printer, data: bytes, i: int) -> int:
    """Run the ESC command at `i`; return the offset after it."""
    cmd = _take(data, i + 1, 1)[0]
    if cmd == ord("@"):
        p.at_line_start("ESC @")
        p.reset()
        return i + 2
    n = _take(data, i + 2, 1)[0]
    if cmd == ord("t") and n in CODE_PAGES:
        p.codec = CODE_PAGES[n]
    elif cmd == ord("E") and n in (0, 1):
        p.at_line_start("ESC E")
        p.bold = bool(n)
    elif cmd == ord("a") and n in ALIGNS:
        p.at_line_start("ESC a")
        p.align = ALIGNS[n]
    elif cmd == ord("d"):
        p.feed(n)
    else:
        raise RenderError(f"unknown ESC command {data[i : i + 3]!r} at {i}")
    return i + 3


def _gs(p: _Printer, data: bytes, i: int) -> int:
    """Run the GS command at `i`; return the offset after it."""
    cmd = _take(data, i + 1, 1)[0]
    if cmd == ord("!"):
        n = _take(data, i + 2, 1)[0]
        if n not in (0x00, 0x11):
            raise RenderError(f"unexpected character size 0x{n:02x} at {i}")
        p.at_line_start("GS !")
        p.double = n == 0x11
        return i + 3
    if cmd == ord("V") and _take(data, i + 2, 2)[0] == 66:
        p.at_line_start("cut")
        p.cuts += 1
        return i + 4
    if cmd == ord("(") and _take(data, i + 2, 1) == b"k":
        size = int.from_bytes(_take(data, i + 3, 2), "little")
        body = _take(data, i + 5, size)
        if size < 2 or body[0] != 49:
            raise RenderError(f"bad GS ( k at {i}: {body[:8]!r}")
        p.qr(body[1], body[2:])
        return i + 5 + size
    if cmd == ord("v") and _take(data, i + 2, 2) == b"0\x00":
        x_lo, x_hi, y_lo, y_hi = _take(data, i + 4, 4)
        x_bytes, height = x_lo | x_hi << 8, y_lo | y_hi << 8
        p.raster(x_bytes, height, _take(data, i + 8, x_bytes * height))
        return i + 8 + x_bytes * height
    raise RenderError(f"unknown GS command {data[i : i + 4]!r} at {i}")
