"""Receipt layout: a summary in, ESC/POS bytes out. Flags first, then answers, then the QR.

Two pieces of paper: the receipt the patient hands to the radiographer, and (a site setting)
a slip to keep with aftercare points (and, if the site turns it on, a pain diary).
Pure: the caller passes `now` and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.core.escpos import PAPER_DOTS, Receipt, qr_version
from kiosk.core.form.model import Form
from kiosk.core.payload import encode
from kiosk.core.severity import DEFINITIONS, SEVERITY_WORDS
from kiosk.core.summary import Summary, format_date
from kiosk.settings.config import Config

TITLE = "Medial branch block - for the radiographer"
PRIVATE_ANSWER = "in the QR code only (private)"
"""What paper says for an answer the form marks private; the station shows the answer."""
QR_ECC_PREFERRED = "Q"
QR_Q_MAX_VERSION = 6
"""Up to this version the code is printed at ECC Q (25% may be damaged); larger ones at M."""
DIARY_TIMES = ("15 min", "30 min", "45 min", "1 hour", "2 hours", "3 hours", "4 hours",
               "5 hours", "6 hours", "7 hours")  # fmt: skip
"""Every 15 minutes for the first hour, then every hour for the next 6 hours."""
SLIP_KEEP = "Keep this slip. It has none of your answers on it."
SLIP_NEXT = (
    "Give the other receipt to the staff at the desk.",
    "A radiographer will call your name and go through your answers with you.",
    "After the injection, you rest for 20 to 30 minutes before you go home.",
)
SLIP_AFTER = (
    "We advise you not to drive after the test.",
    "Your pain may get worse for up to 24 hours. Take your usual pain medicine.",
    "The numbness wears off after a few hours, and your usual pain comes back.",
    "If the place of the injection gets red or tender, contact your GP.",
)
SLIP_DIARY = (
    "Write your pain score after the injection:",
    "Bring or send this to your next clinic appointment.",
)
"""The slip's sentences, which the patient reads: tests/test_plain_language.py measures them."""


@dataclass(frozen=True)
class PrintJob:
    """What goes to the spool: bytes ready to send, and a label with no patient data in it."""

    data: bytes
    payload: str
    label: str


def build_job(summary: Summary, form: Form, config: Config, key: bytes, now: datetime) -> PrintJob:
    """Sign the summary, lay out the receipt (and the keep-slip when the site wants it)."""
    payload = encode(summary, form, key, config.site.kiosk_id, now)
    data = render_receipt(summary, config, payload)
    if config.printer.patient_slip:
        data += render_slip(config, form)
    return PrintJob(data=data, payload=payload, label=f"receipt {now:%H:%M}")


def qr_ecc(payload: str) -> str:
    return QR_ECC_PREFERRED if qr_version(payload, QR_ECC_PREFERRED) <= QR_Q_MAX_VERSION else "M"


def render_receipt(summary: Summary, config: Config, payload: str) -> bytes:
    """The receipt for the radiographer, as ESC/POS bytes for the configured paper."""
    paper = config.printer.paper_width_mm
    r = Receipt.for_paper(paper)
    r.text(config.site.name, bold=True, align="center")
    r.text(config.site.department, align="center")
    r.text(TITLE, bold=True, align="center").rule()
    r.text(summary.patient_name or "Name: not answered", bold=True, double=True)
    if summary.date_of_birth:
        r.text(f"Born {format_date(summary.date_of_birth)} (age {summary.age})", bold=True)
    else:
        r.text("Date of birth: not answered", bold=True)
    r.rule()
    _flags(r, summary)
    r.rule()
    for line in summary.answers:
        if line.question_id in ("name", "dob", "pain_score"):
            continue
        shown = PRIVATE_ANSWER if line.private and line.status == "answered" else line.display
        r.text(f"{line.label}: {shown}")
        if line.paper_note:
            r.text(f"  {line.paper_note}")
    pain = "not answered" if summary.pain_score is None else f"{summary.pain_score} out of 10"
    r.text(f"Pain score before: {pain}", bold=True)
    r.text(f"Checked in {summary.completed_at:%d %b %Y %H:%M} at kiosk {config.site.kiosk_id}")
    r.qr(payload, mode=config.printer.qr_mode, ecc=qr_ecc(payload), paper_dots=PAPER_DOTS[paper])
    r.text("Scan at the station to see these answers verified.", align="center")
    r.text("Answers given by the patient at the kiosk. Identity still to be checked.", bold=True)
    r.text(f"Form {summary.form_id} v{summary.form_version} #{summary.form_hash}")
    return r.cut().to_bytes()


def _flags(r: Receipt, summary: Summary) -> None:
    if not summary.flags:
        r.text("No safety flags", bold=True, double=True)
        return
    count = len(summary.flags)
    r.text(f"{count} SAFETY FLAG{'S' if count > 1 else ''}", bold=True, double=True)
    for flag in summary.flags:
        title, action = flag.paper_text
        r.text(f"{SEVERITY_WORDS[flag.severity]}: {title}", bold=True, double=True)
        r.text(action, bold=True)
    shown = [s for s in SEVERITY_WORDS if any(f.severity == s for f in summary.flags)]
    for severity in shown:  # the legend, for the grades on this receipt
        r.text(f"{SEVERITY_WORDS[severity]} = {DEFINITIONS[severity]}")


def render_slip(config: Config, form: Form) -> bytes:
    """The slip the patient keeps: what happens next, aftercare, the diary if on. No answers."""
    r = Receipt.for_paper(config.printer.paper_width_mm)
    r.text(config.site.department, bold=True, align="center")
    r.text("Your medial branch block", bold=True, double=True, align="center")
    r.text(SLIP_KEEP, align="center").rule()
    r.text("What happens next", bold=True)
    for point in SLIP_NEXT:
        r.text(f"- {point}")
    r.text("After you go home", bold=True)
    for point in (*SLIP_AFTER, f"Questions? Call the department: {config.site.phone}."):
        r.text(f"- {point}")
    if config.printer.slip_pain_diary:  # not in the leaflet: a site's own choice, off by default
        r.rule().text("Pain diary (0 = no pain, 10 = worst)", bold=True)
        r.text(SLIP_DIARY[0])
        for when in DIARY_TIMES:
            r.text(f"{when:>8} after: ____")
        r.text(SLIP_DIARY[1])
    r.text(f"{form.leaflet.reference}", align="right")
    return r.cut().to_bytes()
