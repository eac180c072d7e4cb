"""What the station says in words about whether a receipt can be trusted: the banner.

Each banner is one sentence on what is wrong (or that nothing is), then what to do. The
decoder's reason is used only where it adds a fact (how old a receipt is, which answer the
kiosk would refuse, which form code); its generic wording would repeat the station's. Pure.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.payload import ISSUED_IN_THE_FUTURE

WAITING = "No receipt scanned yet"
DO_NOT_TRUST = "Do not trust the answers; go through the questions with the patient."


def verified_banner(kiosk_id: str | None, issued_at: datetime) -> str:
    issued = issued_at.astimezone().strftime("%d %b %H:%M")
    return (
        f"VERIFIED - kiosk {kiosk_id}, issued {issued}, unchanged since. "
        "Act on the flags, then confirm the patient's identity."
    )


def unverified_banner(status: str, reason: str, *, readable: bool) -> str:
    """Why a receipt is not verified, then what to do; `reason` is the decoder's (or app's)."""
    if status == "malformed" and not readable:
        return (
            "NOT READABLE - the code was cut short, misread, or is not a receipt. "
            "Scan it again, holding the receipt flat and still."
        )
    if status == "tampered":
        return (
            "UNVERIFIED - tampered or unknown key: the signature does not match this station's "
            f"key. {DO_NOT_TRUST} If every receipt says this, copy the kiosk's key file here."
        )
    if status == "expired" and reason == ISSUED_IN_THE_FUTURE:  # not old: a clock is wrong
        return f"UNVERIFIED - {reason}. Go through the questions with the patient."
    if status == "expired":
        return (
            f"UNVERIFIED - {reason}. Ask the patient to check in again at the kiosk, or go "
            "through the questions with them."
        )
    if status == "unknown_form":
        return (
            f"UNVERIFIED - unknown form version: {reason}. Go through the questions with the "
            "patient, and copy the kiosk's form file and [form.parameters] here."
        )
    if status == "malformed":
        return f"UNVERIFIED - malformed receipt code: {reason}. {DO_NOT_TRUST}"
    if status == "no_key":
        return (
            f"UNVERIFIED - cannot verify: {reason}. Copy the kiosk's key file there and "
            "restart the station."
        )
    return f"UNVERIFIED - {status}: {reason}. {DO_NOT_TRUST}"
