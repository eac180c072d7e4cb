"""The QR payload: a completed summary as a short string of digits, signed with the site key.

Digits survive every keyboard layout a handheld scanner may be set to and are QR's densest
mode. The form tells both ends what each field is, so no names travel. docs/payload.md is the
byte-exact description; this module is pure (no clock, no files).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, NamedTuple

from kiosk.core.alphabets import NAME_ALPHABET, alphabet_for
from kiosk.core.answers import check_answer, typed
from kiosk.core.form.model import (
    AnswerValue,
    DateQuestion,
    Form,
    MultipleChoice,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
)
from kiosk.core.summary import SUMMARY_FLAGS, Summary, build_summary
from kiosk.errors import AnswerError, PayloadError, Problem

VERSION = "1"
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
"""Issue times are whole minutes since this instant."""
MINUTES_RADIX = 10**7  # 19 years of minutes
DATE_ZERO = date(1900, 1, 1)
DATE_RADIX = 73_050 + 1  # 1900-01-01 .. 2099-12-31, plus 0 for "not answered"
FORM_CODE_RADIX = 1000
KIOSK_RADIX = 100
TAG_BITS = 64
TAG_RADIX = 1 << TAG_BITS
CODEPOINT_RADIX = 0x110000
CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of the reader's clock an issue time may be before the receipt is refused."""
ISSUED_IN_THE_FUTURE = "issued in the future: check the kiosk's and this computer's clocks"
MAX_DIGITS = 7089
"""The most digits any QR code holds (version 40, numeric, level L): a longer scan is not ours."""
TOO_LONG = "this is not a Gate 18 receipt code (longer than any QR code can hold)"
_CHUNK = 1000  # digits converted at a time, well under Python's int-from-text limit (4300)
Symbol = tuple[int, int]
"""One mixed-radix digit of the payload: (value, radix)."""


Status = Literal["valid", "tampered", "expired", "malformed", "unknown_form"]
"""`expired` means the issue time is outside the window this reader accepts: older than the
maximum age, or (a wrong clock at one end) more than CLOCK_SKEW in the future."""


@dataclass(frozen=True)
class Decoded:
    """What a scanned payload says, and whether it can be trusted."""

    status: Status
    reason: str
    form_id: str | None = None
    form_version: str | None = None
    kiosk_id: str | None = None
    issued_at: datetime | None = None
    answers: dict[str, AnswerValue] | None = None
    summary: Summary | None = None

    @property
    def verified(self) -> bool:
        return self.status == "valid"


def form_code(form: Form) -> int:
    """Three digits naming the form, its version, its file's hash and its parameters."""
    params = ",".join(f"{k}={v}" for k, v in sorted(form.parameters.items()))
    ident = f"{form.id}|{form.version}|{form.source_hash}|{params}".encode()
    return int.from_bytes(hashlib.sha256(ident).digest()[:4], "big") % FORM_CODE_RADIX


def check_digits(digits: str) -> str:
    """ISO 7064 MOD 97-10: catches every single-digit error and adjacent swap."""
    remainder = 0
    text = digits + "00"
    for start in range(0, len(text), _CHUNK):
        piece = text[start : start + _CHUNK]
        remainder = (remainder * pow(10, len(piece), 97) + int(piece)) % 97
    return f"{98 - remainder:02d}"


def _digits_to_int(digits: str) -> int:
    """int(digits) for any length up to MAX_DIGITS, without Python's 4300-digit limit."""
    number = 0
    for start in range(0, len(digits), _CHUNK):
        piece = digits[start : start + _CHUNK]
        number = number * 10 ** len(piece) + int(piece)
    return number


# -- encoding ---------------------------------------------------------------------------------


def encode(summary: Summary, form: Form, key: bytes, kiosk_id: str, issued_at: datetime) -> str:
    """The digits for the QR of `summary`, which must come from `form`."""
    if summary.form_id != form.id or summary.form_version != form.version:
        raise PayloadError([Problem("payload", "the summary was made from another form")])
    answers = _answers_of(summary, form)
    minutes = int((issued_at - EPOCH).total_seconds() // 60)
    if not 0 <= minutes < MINUTES_RADIX:
        raise PayloadError([Problem("payload", f"issue time out of range: {issued_at}")])
    if not (kiosk_id.isdigit() and 0 < int(kiosk_id) < KIOSK_RADIX):
        raise PayloadError([Problem("payload", f"kiosk id must be 1-99, got {kiosk_id!r}")])
    symbols: list[tuple[int, int]] = [
        (form_code(form), FORM_CODE_RADIX),
        (minutes, MINUTES_RADIX),
        (int(kiosk_id), KIOSK_RADIX),
    ]
    for question in form.questions:
        symbols += _encode_answer(question, answers.get(question.id))
    symbols.append((_flag_mask(form, summary), 1 << len(form.flags)))
    content = _pack(symbols)
    tag = _tag(key, content)
    body = str(content * TAG_RADIX + tag)
    return VERSION + body + check_digits(VERSION + body)


def _answers_of(summary: Summary, form: Form) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for line in summary.answers:
        if line.status != "answered":
            continue
        question = form.question(line.question_id)
        answers[question.id] = typed(question, line.value)
    return answers


def _encode_answer(question, value: AnswerValue | None) -> list[tuple[int, int]]:
    return ANSWER_CODECS[question.type].encode(question, value)


def _encode_text_answer(question: TextQuestion, value: AnswerValue | None) -> list[Symbol]:
    return _encode_text(value or "", _alphabet(question))


def _encode_date(question: DateQuestion, value: AnswerValue | None) -> list[Symbol]:
    return [(0 if value is None else (value - DATE_ZERO).days + 1, DATE_RADIX)]


def _encode_single(question: SingleChoice, value: AnswerValue | None) -> list[Symbol]:
    ids = [o.id for o in question.options]
    return [(0 if value is None else ids.index(value) + 1, len(ids) + 1)]


def _encode_multiple(question: MultipleChoice, value: AnswerValue | None) -> list[Symbol]:
    ids = [o.id for o in question.options]
    mask = 0 if value is None else 1 + sum(1 << ids.index(v) for v in value)
    return [(mask, (1 << len(ids)) + 1)]


def _encode_scale(question: ScaleQuestion, value: AnswerValue | None) -> list[Symbol]:
    return [(0 if value is None else value - question.min + 1, question.max - question.min + 2)]


def _alphabet(question: TextQuestion) -> str:
    return alphabet_for(question.charset)


def _encode_text(text: str, alphabet: str) -> list[tuple[int, int]]:
    radix = len(alphabet) + 2
    out: list[tuple[int, int]] = []
    for char in text:
        index = alphabet.find(char)
        if index >= 0:
            out.append((index + 2, radix))
        else:
            out += [(1, radix), (ord(char), CODEPOINT_RADIX)]
    return [*out, (0, radix)]


def _flag_mask(form: Form, summary: Summary) -> int:
    raised = {flag.id for flag in summary.flags}
    return sum(1 << i for i, rule in enumerate(form.flags) if rule.id in raised)


def _pack(symbols: list[tuple[int, int]]) -> int:
    """Mixed-radix number whose least significant digit is the first symbol."""
    number = 0
    for value, radix in reversed(symbols):
        if not 0 <= value < radix:
            raise PayloadError([Problem("payload", f"value {value} out of range {radix}")])
        number = number * radix + value
    return number


def _tag(key: bytes, content: int) -> int:
    mac = hmac.new(key, f"gate18-payload-{VERSION}:{content}".encode(), hashlib.sha256)
    return int.from_bytes(mac.digest()[: TAG_BITS // 8], "big")


# -- decoding ---------------------------------------------------------------------------------


class _Malformed(Exception):
    pass


class _Reader:
    """Takes symbols back off the mixed-radix number in the order they were packed."""

    def __init__(self, number: int):
        self.number = number

    def take(self, radix: int) -> int:
        self.number, value = divmod(self.number, radix)
        return value


def decode(
    text: str, forms: Iterable[Form], key: bytes | None, max_age: timedelta, now: datetime
) -> Decoded:
    """Read a scanned payload. Never raises: every failure is a status with a reason."""
    if not isinstance(text, str) or len(text) > MAX_DIGITS + 100:
        return Decoded("malformed", TOO_LONG if isinstance(text, str) else "not text")
    try:
        return _decode(text, forms, key, max_age, now)
    except Exception as error:  # a last guard: a scan must never stop the station
        return Decoded("malformed", f"this code could not be read ({type(error).__name__})")


def _decode(
    text: str, forms: Iterable[Form], key: bytes | None, max_age: timedelta, now: datetime
) -> Decoded:
    text = text.strip()
    if len(text) > MAX_DIGITS:
        return Decoded("malformed", TOO_LONG)
    if not text.isdigit() or not text.isascii():
        return Decoded("malformed", "this is not a Gate 18 receipt code (it has non-digits)")
    if len(text) < 24 or text[0] != VERSION:
        return Decoded("malformed", "this is not a Gate 18 receipt code, or only part of one")
    if check_digits(text[:-2]) != text[-2:]:
        return Decoded("malformed", "the code was misread or cut short: please scan it again")
    content, tag = divmod(_digits_to_int(text[1:-2]), TAG_RADIX)
    reader = _Reader(content)
    code = reader.take(FORM_CODE_RADIX)
    form = next((f for f in forms if form_code(f) == code), None)
    if form is None:
        return Decoded(
            "unknown_form", f"made by a form this station does not have (form code {code:03d})"
        )
    issued_at = EPOCH + timedelta(minutes=reader.take(MINUTES_RADIX))
    kiosk_id = str(reader.take(KIOSK_RADIX))
    ident = {"form_id": form.id, "form_version": form.version, "kiosk_id": kiosk_id}
    try:
        answers = {}
        for question in form.questions:
            value = _decode_answer(question, reader)
            if value is not None:
                answers[question.id] = value
        mask = reader.take(1 << len(form.flags))
        if reader.number:
            raise _Malformed("it has extra data at the end")
        summary = build_summary(form, answers, issued_at)
    except (_Malformed, AnswerError, ValueError, IndexError) as error:
        return Decoded("malformed", f"the code does not make sense for this form: {error}", **ident)
    decoded = dict(ident, issued_at=issued_at, answers=answers, summary=summary)
    if key is None:
        return Decoded("tampered", "cannot verify: this station has no key file", **decoded)
    if not hmac.compare_digest(_tag(key, content).to_bytes(8, "big"), tag.to_bytes(8, "big")):
        return Decoded(
            "tampered", "the signature does not match: changed, or made with another key", **decoded
        )
    for question in form.questions:
        if question.id in answers:
            problem = check_answer(form, question, answers[question.id], issued_at.date())
            if problem:
                reason = f"an answer the kiosk would not allow ({question.id}: {problem})"
                return Decoded("malformed", reason, **decoded)
    expected = {f.id for f in summary.flags if f.id not in SUMMARY_FLAGS}
    carried = {rule.id for i, rule in enumerate(form.flags) if mask >> i & 1}
    if expected != carried:
        missing = ", ".join(sorted(carried - expected)) or "-"
        return Decoded(
            "unknown_form",
            f"this station's form raises different flags (kiosk also raised: {missing})",
            **decoded,
        )
    if issued_at - now > CLOCK_SKEW:
        return Decoded("expired", ISSUED_IN_THE_FUTURE, **decoded)
    age = now - issued_at
    if age > max_age:
        hours = age.total_seconds() / 3600
        limit = max_age.total_seconds() / 3600
        return Decoded(
            "expired", f"expired: issued {hours:.0f} h ago, limit {limit:g} h", **decoded
        )
    return Decoded("valid", "signature checked with the site key", **decoded)


def _decode_answer(question, reader: _Reader) -> AnswerValue | None:
    return ANSWER_CODECS[question.type].decode(question, reader)


def _decode_text_answer(question: TextQuestion, reader: _Reader) -> AnswerValue | None:
    return _decode_text(reader, _alphabet(question)) or None


def _decode_date(question: DateQuestion, reader: _Reader) -> AnswerValue | None:
    days = reader.take(DATE_RADIX)
    return None if days == 0 else DATE_ZERO + timedelta(days=days - 1)


def _decode_single(question: SingleChoice, reader: _Reader) -> AnswerValue | None:
    ids = [o.id for o in question.options]
    index = reader.take(len(ids) + 1)
    return None if index == 0 else ids[index - 1]


def _decode_multiple(question: MultipleChoice, reader: _Reader) -> AnswerValue | None:
    ids = [o.id for o in question.options]
    mask = reader.take((1 << len(ids)) + 1)
    if mask == 0:
        return None
    return tuple(option for i, option in enumerate(ids) if (mask - 1) >> i & 1)


def _decode_scale(question: ScaleQuestion, reader: _Reader) -> AnswerValue | None:
    value = reader.take(question.max - question.min + 2)
    return None if value == 0 else question.min + value - 1


def _decode_text(reader: _Reader, alphabet: str) -> str:
    radix = len(alphabet) + 2
    chars: list[str] = []
    while (symbol := reader.take(radix)) != 0:
        if symbol == 1:
            chars.append(_escaped_char(reader.take(CODEPOINT_RADIX), alphabet))
        else:
            chars.append(alphabet[symbol - 2])
        if len(chars) > 1000:
            raise _Malformed("a text runs on past any form's limit")
    return "".join(chars)


_CATEGORY_WORDS = {
    "Cc": "a control character",
    "Cf": "an invisible format character",
    "Cs": "a lone surrogate (half of a UTF-16 pair)",
    "Co": "a private-use character",
    "Cn": "not an assigned character",
}


def _escaped_char(code: int, alphabet: str) -> str:
    """The character an escape stands for, if the kiosk could have written it here.

    The kiosk escapes only characters its alphabet lacks, and a patient can type only visible
    ones (no surrogates, control, format, private-use or unassigned code points), and letters
    only in a name. Anything else was never made by a kiosk, and a lone surrogate could not
    even be printed or written out as UTF-8.
    """
    if not 0 <= code <= 0x10FFFF:
        raise _Malformed(f"escaped code point {code:#x} is not a Unicode character")
    char = chr(code)
    category = unicodedata.category(char)
    if category.startswith("C"):
        what = _CATEGORY_WORDS.get(category, "an unprintable character")
        raise _Malformed(f"escaped code point U+{code:04X} is {what}")
    if char in alphabet:
        raise _Malformed(f"U+{code:04X} is escaped although the alphabet has it")
    if alphabet == NAME_ALPHABET and category[0] not in "LM":
        raise _Malformed(f"U+{code:04X} cannot be part of a name")
    return char


class AnswerCodec(NamedTuple):
    """How one question type's answer travels in the payload (docs/payload.md)."""

    encode: Callable[[Any, AnswerValue | None], list[Symbol]]
    """The answer, or None for not answered, as symbols; 0 always means not answered."""
    decode: Callable[[Any, _Reader], AnswerValue | None]
    """Reads back exactly what `encode` wrote."""


ANSWER_CODECS: dict[str, AnswerCodec] = {
    "text": AnswerCodec(_encode_text_answer, _decode_text_answer),
    "date": AnswerCodec(_encode_date, _decode_date),
    "single": AnswerCodec(_encode_single, _decode_single),
    "multiple": AnswerCodec(_encode_multiple, _decode_multiple),
    "scale": AnswerCodec(_encode_scale, _decode_scale),
}
"""Question type -> its payload codec: one entry per type (kiosk/core/question_types.py)."""
