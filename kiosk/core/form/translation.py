"""A form in another language: a sibling form file whose words differ and whose logic does not.

A translation is a whole form file (`forms/medial-branch-block.cy.toml`) with its own
`language`; it is loaded and checked like any form, then compared with the form it translates:
everything but the words (ids, types, options, conditions, flags, limits, parameters) must be
the same, so a translator can change what a patient reads and never what the kiosk does. It
carries the original's hash, so its receipts verify at a station that has the original. Pure.
"""

from __future__ import annotations

from typing import Any

from kiosk.core.form.model import Form
from kiosk.errors import Problem

WORDS = frozenset(
    {
        # form and leaflet
        "title", "language_name",
        # pages
        "prompt", "label", "help", "not_asked", "staff_note", "paragraphs", "bullets",
        "acknowledge", "min_label", "max_label", "words",
        # options
        "text", "short", "note",
        # flags
        "action", "paper_title", "paper_action",
        # the receipt, the slip and the baseline (kiosk/core/form/paper.py)
        "heading", "keep", "points", "intro", "times", "blank", "outro", "unit", "paper_label",
        "paper_unit",
    }
)  # fmt: skip
"""The fields a translation may change: what people read. Any other field is logic."""
OWN = frozenset({"language", "source_hash"})
"""Fields a translation has of its own."""


def logic(value: Any) -> Any:
    """`value` (a form's dump) with every field of words taken out."""
    if isinstance(value, dict):
        return {k: logic(v) for k, v in value.items() if k not in WORDS and k not in OWN}
    if isinstance(value, list):
        return [logic(v) for v in value]
    return value


def differences(original: Any, translated: Any, path: str = "") -> list[str]:
    """Where `translated` differs from `original`, as field paths (`pages[6].options[2].id`)."""
    if isinstance(original, dict) and isinstance(translated, dict):
        out = []
        for key in sorted(original.keys() | translated.keys()):
            where = f"{path}.{key}" if path else key
            if key not in original or key not in translated:
                out.append(where)
            else:
                out += differences(original[key], translated[key], where)
        return out
    if isinstance(original, list) and isinstance(translated, list):
        if len(original) != len(translated):
            return [path]
        out = []
        for n, (a, b) in enumerate(zip(original, translated, strict=True)):
            out += differences(a, b, f"{path}[{n}]")
        return out
    return [] if original == translated else [path]


def check_translation(original: Form, translated: Form, source: str) -> list[Problem]:
    """Problems that stop `translated` being a translation of `original`; [] when it is one."""
    if translated.language == original.language:
        return [Problem(source, f"has the same language as its original ({original.language})",
                        field="language")]  # fmt: skip
    changed = differences(logic(original.model_dump()), logic(translated.model_dump()))
    return [
        Problem(
            source, "differs from the original form: a translation changes words only", field=where
        )  # fmt: skip
        for where in changed
    ]


def as_translation(original: Form, translated: Form) -> Form:
    """The checked translation, with the original's hash (same logic, same receipts)."""
    return translated.model_copy(update={"source_hash": original.source_hash})
