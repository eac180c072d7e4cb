"""The characters a receipt's QR code carries cheaply, and how much room a text takes there.

The payload (kiosk/core/payload.py, docs/payload.md) codes each character of these alphabets in
under 2 digits; any other character (accented, another script, an emoji) is escaped with its
whole code point, about 8 digits. So that the fullest receipt the form allows still fits a QR of
version 13 at error correction M (benchmarks/receipt.py), a text question's `max_length` counts
each escaped character as more than one: 2 in a name, 3 in free text. A name of up to 50 may so
hold 25 letters of another script; a text in plain letters is counted as before.
"""

from __future__ import annotations

from typing import Literal

Charset = Literal["name", "free"]

NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'.’"
FREE_ALPHABET = NAME_ALPHABET + '0123456789,?!()/:;&+"%'
"""Symbol 0 ends a text, symbol 1 escapes one code point; letters are symbols 2 and up."""

ESCAPED_COUNTS_AS: dict[str, int] = {"name": 2, "free": 3}


def alphabet_for(charset: Charset) -> str:
    return NAME_ALPHABET if charset == "name" else FREE_ALPHABET


def text_length(text: str, charset: Charset) -> int:
    """The length `max_length` limits: escaped characters count as ESCAPED_COUNTS_AS."""
    cheap, escaped = alphabet_for(charset), ESCAPED_COUNTS_AS[charset]
    return sum(1 if char in cheap else escaped for char in text)
