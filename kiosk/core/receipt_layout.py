"""Receipt layout: a summary in, ESC/POS bytes out. Flags first, then answers, then the QR.

Two pieces of paper: the receipt the patient hands to the radiographer, and (a site setting)
a slip to keep with aftercare points (and, if the site turns it on, a pain diary). The words
that belong to a procedure (the title, the slip, the baseline's label) come from the form file;
this module only lays them out. Pure: the caller passes `now` and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.core.escpos import PAPER_DOTS, Receipt, qr_version
from kiosk.core.form.model import Form
from kiosk.core.form.paper import DIARY_TIME_MAX, PHONE
from kiosk.core.messages import Messages, english
from kiosk.core.payload import encode
from kiosk.core.severity import SEVERITY_WORDS
from kiosk.core.summary import Summary, format_date
from kiosk.settings.config import Config

PRIVATE_ANSWER = english()("receipt.private")
"""What paper says for an answer the form marks private; the station shows the answer."""
QR_ECC_PREFERRED = "Q"
QR_Q_MAX_VERSION = 6
"""Up to this version the code is printed at ECC Q (25% may be damaged); larger ones at M."""


@dataclass(frozen=True)
class Wording:
    """The language of each piece of paper: the receipt in the staff's, so a radiographer can
    read it; the slip the patient keeps in theirs (with the form in that language)."""

    staff: Messages
    patient: Messages
    patient_form: Form


@dataclass(frozen=True)
class PrintJob:
    """What goes to the spool: bytes ready to send, and a label with no patient data in it."""

    data: bytes
    payload: str
    label: str


def build_job(
    summary: Summary,
    form: Form,
    config: Config,
    key: bytes,
    now: datetime,
    wording: Wording | None = None,
) -> PrintJob:
    """Sign the summary, lay out the receipt (and the keep-slip when the site wants it);
    `wording`: the languages of the two (English and `form` when None)."""
    payload = encode(summary, form, key, config.site.kiosk_id, now)
    data = render_receipt(summary, form, config, payload, wording.staff if wording else None)
    slip_form = wording.patient_form if wording else form
    if config.printer.patient_slip and slip_form.slip is not None:
        data += render_slip(config, slip_form)
    return PrintJob(data=data, payload=payload, label=f"receipt {now:%H:%M}")


def qr_ecc(payload: str) -> str:
    return QR_ECC_PREFERRED if qr_version(payload, QR_ECC_PREFERRED) <= QR_Q_MAX_VERSION else "M"


def render_receipt(
    summary: Summary, form: Form, config: Config, payload: str, words: Messages | None = None
) -> bytes:
    """The receipt for the radiographer, as ESC/POS bytes for the configured paper; the words
    around the answers in `words`' language (the staff language; English by default)."""
    say = words or english()
    paper = config.printer.paper_width_mm
    r = Receipt.for_paper(paper)
    r.text(config.site.name, bold=True, align="center")
    r.text(config.site.department, align="center")
    r.text(form.receipt_title, bold=True, align="center").rule()
    r.text(summary.patient_name or say("receipt.name_missing"), bold=True, double=True)
    if summary.date_of_birth:
        born = format_date(summary.date_of_birth, say)
        r.text(say("receipt.born", date=born, age=summary.age), bold=True)
    else:
        r.text(say("receipt.dob_missing"), bold=True)
    r.rule()
    _flags(r, summary, say)
    r.rule()
    block = form.patient_block
    for line in summary.answers:
        if line.question_id in block:
            continue
        private = line.private and line.status == "answered"
        shown = say("receipt.private") if private else line.display
        r.text(f"{line.label}: {shown}")
        if line.paper_note:
            r.text(f"  {line.paper_note}")
    if form.baseline is not None and summary.baseline is not None:
        value = summary.baseline.value
        unit = form.baseline.receipt_unit
        shown = say("receipt.not_answered") if value is None else f"{value}{unit}"
        r.text(f"{form.baseline.receipt_label}: {shown}", bold=True)
    done = summary.completed_at
    month = say.list("date.months")[done.month - 1]
    when = f"{done:%d} {month} {done:%Y %H:%M}"
    r.text(say("receipt.checked_in", when=when, kiosk=config.site.kiosk_id))
    r.qr(payload, mode=config.printer.qr_mode, ecc=qr_ecc(payload), paper_dots=PAPER_DOTS[paper])
    r.text(say("receipt.scan"), align="center")
    r.text(say("receipt.given_by"), bold=True)
    form_line = say("receipt.form", id=summary.form_id, version=summary.form_version,
                    hash=summary.form_hash)  # fmt: skip
    r.text(form_line)
    return r.cut().to_bytes()


def _flags(r: Receipt, summary: Summary, say: Messages) -> None:
    if not summary.flags:
        r.text(say("receipt.no_flags"), bold=True, double=True)
        return
    count = len(summary.flags)
    r.text(say("receipt.flags" if count > 1 else "receipt.one_flag", count=count),
           bold=True, double=True)  # fmt: skip
    for flag in summary.flags:
        title, action = flag.paper_text
        r.text(f"{say(f'severity.{flag.severity}')}: {title}", bold=True, double=True)
        r.text(action, bold=True)
    shown = [s for s in SEVERITY_WORDS if any(f.severity == s for f in summary.flags)]
    for severity in shown:  # the legend, for the grades on this receipt
        r.text(f"{say(f'severity.{severity}')} = {say(f'severity.{severity}_means')}")


def render_slip(config: Config, form: Form) -> bytes:
    """The slip the patient keeps, in the form's words: what happens next, aftercare, the diary
    if the site turns it on. No answers. Empty when the form has no slip."""
    slip = form.slip
    if slip is None:
        return b""
    r = Receipt.for_paper(config.printer.paper_width_mm)
    r.text(config.site.department, bold=True, align="center")
    r.text(slip.heading, bold=True, double=True, align="center")
    if slip.keep:
        r.text(slip.keep, align="center")
    r.rule()
    for section in slip.sections:
        r.text(section.title, bold=True)
        for point in section.points:
            r.text(f"- {point.replace(PHONE, config.site.phone)}")
    diary = slip.diary
    if config.printer.slip_pain_diary and diary is not None:  # a site's own choice, off by default
        r.rule().text(diary.title, bold=True)
        if diary.intro:
            r.text(diary.intro)
        for when in diary.times:
            r.text(f"{when:>{DIARY_TIME_MAX}} {diary.blank}")
        if diary.outro:
            r.text(diary.outro)
    r.text(f"{form.leaflet.reference}", align="right")
    return r.cut().to_bytes()
