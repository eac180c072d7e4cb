"""A second language end to end: a pseudo-language made here from English, walked through the kiosk.

The pseudo-language changes every word (accented vowels, and a mark on words that have none) and
keeps every {placeholder}; it is both the patient's language (chosen on the welcome screen) and
the staff language. The walk reads every screen's text and the receipt and slip as printed:
not one English word of the catalogue or the form may be left. One string left hard-coded in
English anywhere on the way fails it. Also: a translation may change words, never logic.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from key_taps import tap_key
from test_app_walk import NOW, see_all_answers, settle, tap, type_on_keyboard

from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.messages import BUILT_IN, english, load_messages, mismatches
from kiosk.core.preview import render
from kiosk.core.severity import DEFINITIONS, SEVERITY_WORDS
from kiosk.errors import KioskError
from kiosk.patient.app import KioskApp
from kiosk.patient.widgets.key_grid import KeyGrid
from kiosk.patient.widgets.pain_scale import PainScale
from kiosk.settings.load import load_site

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "forms" / "medial-branch-block.toml"
PSEUDO = "xx"

# --- the pseudo-language ------------------------------------------------------------------------

ACCENTS = str.maketrans("aeiouyAEIOUYcCnN", "áéíóúýÁÉÍÓÚÝçÇñÑ")  # all in the printer's PC858
PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
WORD = re.compile(r"\w+")


def pseudo(text: str) -> str:
    """Every word changed, so none is English; {placeholders} kept as they are."""

    def word(match: re.Match) -> str:
        changed = match.group().translate(ACCENTS)
        return changed if changed != match.group() or match.group().isdigit() else changed + "ø"

    parts = PLACEHOLDER.split(text)
    return "".join(p if PLACEHOLDER.fullmatch(p) else WORD.sub(word, p) for p in parts)


LOGIC = {
    "id", "kind", "type", "version", "operator", "question", "answer", "param", "charset",
    "name_from", "age_from", "reference", "published", "review_due", "severity", "language",
}  # fmt: skip
"""Form keys whose strings are not words: kept as they are (a translation must keep them)."""
LOGIC_TABLES = {"show_if", "when", "parameters"}


def translate(value, key: str = "", logic: frozenset | set = LOGIC | LOGIC_TABLES):
    """A form's data with every string of words made pseudo (a catalogue's: `logic=set()`)."""
    if key in logic:
        return value
    if isinstance(value, dict):
        return {k: translate(v, k, logic) for k, v in value.items()}
    if isinstance(value, list):
        return [translate(v, key, logic) for v in value]
    return pseudo(value) if isinstance(value, str) else value


def english_words(value, key: str = "", logic: frozenset | set = LOGIC | LOGIC_TABLES) -> set[str]:
    """Every word of the English a translation must replace (ids and numbers are not words)."""
    if key in logic:
        return set()
    if isinstance(value, dict):
        return set().union(*(english_words(v, k, logic) for k, v in value.items()), set())
    if isinstance(value, list):
        return set().union(*(english_words(v, key, logic) for v in value), set())
    if isinstance(value, str):
        text = PLACEHOLDER.sub(" ", value)
        return {w.casefold() for w in WORD.findall(text) if len(w) > 1 and not w.isdigit()}
    return set()


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"


def write_toml(path: Path, data: dict) -> Path:
    path.write_text("".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in data.items()))
    return path


def english_data() -> tuple[dict, dict]:
    catalogue = tomllib.loads((BUILT_IN / "en.toml").read_text(encoding="utf-8"))
    form = tomllib.loads(FORM.read_text(encoding="utf-8"))
    return catalogue, form


@pytest.fixture
def pseudo_site(tmp_path) -> Path:
    """A kiosk.toml whose form has the pseudo-language too, which is also the staff language."""
    catalogue, form = english_data()
    (tmp_path / "messages").mkdir()
    write_toml(tmp_path / "messages" / f"{PSEUDO}.toml", translate(catalogue, logic=set()))
    translated = translate(form) | {"language": PSEUDO, "language_name": "Pséúðó"}
    write_toml(tmp_path / f"medial-branch-block.{PSEUDO}.toml", translated)
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f"""
[site]
name = "Gate 18"
department = "Gate 18"
phone = "0117 414 0000"
staff_language = "{PSEUDO}"
[form]
path = "{FORM}"
translations = ["medial-branch-block.{PSEUDO}.toml"]
messages_dir = "messages"
[printer]
url = "receipts/"
spool_path = "spool.sqlite3"
patient_slip = true
[payload]
key_file = "kiosk.key"
[staff]
pin_file = "pin"
"""
    )
    (tmp_path / "receipts").mkdir()
    return config


# --- what is shown ------------------------------------------------------------------------------


def texts_of(screen) -> list[str]:
    """Every text on the screen, shown or hidden: statics, buttons, boxes, keys, scale words."""
    out = []
    for widget in screen.query("*"):
        if isinstance(widget, KeyGrid):
            out += widget.labels().values()
            if isinstance(widget, PainScale):
                out += widget.words  # the word under each number
            continue
        for name in ("label", "placeholder", "words"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                out.append(value)
            elif hasattr(value, "plain"):
                out.append(value.plain)
        if hasattr(widget, "render") and type(widget).__name__.startswith(("Plain", "Step")):
            rendered = widget.render()
            out.append(rendered if isinstance(rendered, str) else getattr(rendered, "plain", ""))
    return out


def screenshot_text(app) -> str:
    """The words drawn on the terminal, from the SVG screenshot."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    return " ".join(runs).replace("&#160;", " ").replace("&amp;", "&").replace("&#x27;", "'")


def english_left(texts, english: set[str], allowed: set[str]) -> set[str]:
    text = " ".join(texts)
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, " ")
    return {w for w in WORD.findall(text) if w.casefold() in english}


NAME = "Ada Lovelace"
ANSWERS = {
    "pain_relief_6h": "yes",
    "blood_thinners": ["warfarin"],
    "antiplatelets": ["none"],
    "blood_thinner_stopped": "not_sure",
    "blood_thinner_last_dose": "not_sure",
    "allergies": ["not_sure"],
    "unwell": "no",
    "pregnancy": "prefer_to_discuss",
    "transport_home": "driving_myself",
    "ready_for_consent": "want_to_discuss",
    "pain_score": 2,
}
"""Many flags, a note to the patient, a private answer: as much wording as one walk can show."""


async def test_a_pseudo_language_leaves_no_english_on_any_screen_the_receipt_or_the_slip(
    pseudo_site,
):
    catalogue, form = english_data()
    english = english_words(catalogue, logic=set()) | english_words(form)
    assert {"next", "confirm", "warfarin", "blood", "pain"} <= english  # the set is real
    app = KioskApp(pseudo_site, clock=lambda: NOW)
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0
    # Names and ids: the patient's, the site's, the app's (the terminal window's title), the form's.
    allowed = {NAME, "Gate 18", KioskApp.TITLE, "medial-branch-block", form["leaflet"]["reference"]}
    seen: dict[str, list[str]] = {}

    def look(name: str) -> None:
        seen[name] = texts_of(app.screen) + [screenshot_text(app)]

    async with app.run_test(size=(100, 40)) as pilot:
        languages = {b.id for b in app.screen.query(".language")}
        assert languages == {"language-en", f"language-{PSEUDO}"}
        await tap(pilot, f"#language-{PSEUDO}")
        await pilot.pause()
        assert app.language == PSEUDO
        look("welcome")
        await tap(pilot, "#start")
        while app.session.current.kind == "info":
            look(app.current_page_id)
            await tap(pilot, "#next")  # the form's own 'I have read this'
        look("name")
        await tap(pilot, "#next")  # no name yet: the problem line shows
        look("name-problem")
        await type_on_keyboard(pilot, NAME)
        await tap(pilot, "#next")
        await tap(pilot, "#next")  # the date boxes empty: a problem
        look("dob-problem")
        for digit in "01011970":
            await tap_key(pilot, digit)
        await tap(pilot, "#next")
        app.idle_timeout_s = 0.05  # the idle warning, once
        await pilot.pause(0.5)
        look("idle")
        assert app.screen.id == "idle-warning"
        app.idle_timeout_s = 1000
        await tap(pilot, "#still-here")
        while app.current_page_id != "review":
            qid = app.current_page_id
            value = ANSWERS.get(qid)
            if app.session.current.required:
                await tap(pilot, "#next")  # unanswered first, for the problem line
                look(f"{qid}-problem")
            if qid == "pain_score":
                await tap_key(pilot, str(value))
            elif isinstance(value, list):
                for option in value:
                    await tap(pilot, f"#answer-{qid}-{option}")
            elif value is not None:
                await tap(pilot, f"#answer-{qid}-{value}")
            look(qid)
            await tap(pilot, "#next")
        look("review")
        await see_all_answers(pilot)
        look("review-seen")
        await tap(pilot, "#confirm")
        await settle(pilot)
        look("done")
        paper = [p.read_bytes() for p in (pseudo_site.parent / "receipts").glob("*")]
        assert app.unexpected_errors == []

    for page, texts in seen.items():
        left = english_left(texts, english, allowed)
        where = [t[max(0, t.find(w) - 60) : t.find(w) + 40] for w in left for t in texts if w in t]
        assert not left, f"English on the {page} screen: {sorted(left)} in {where[:3]}"
    assert len(paper) == 1, "one receipt file (receipt and slip)"
    printout = render(paper[0], PAPER_DOTS[80])
    assert printout.cuts == 2  # the receipt and the slip
    printed = [line.text for line in printout.lines]
    left = english_left(printed, english, allowed)
    assert not left, f"English on the receipt or slip: {sorted(left)}"


# --- the checks on a translation ------------------------------------------------------------------


def test_a_translation_that_changes_logic_is_refused(tmp_path, pseudo_site):
    _catalogue, form = english_data()
    translated = translate(form) | {"language": PSEUDO}
    flag = next(f for f in translated["flags"] if f["id"] == "driving_home")
    flag["severity"] = "note"  # a valid form, but not the same one
    page = next(p for p in translated["pages"] if p["id"] == "questions")
    page["max_length"] = 300
    write_toml(tmp_path / f"medial-branch-block.{PSEUDO}.toml", translated)
    with pytest.raises(KioskError) as error:
        load_site(pseudo_site)
    message = str(error.value)
    assert "translation changes words only" in message
    assert "flags[13].severity" in message and ".max_length" in message


def test_a_catalogue_with_a_missing_key_or_changed_placeholder_is_refused(tmp_path):
    catalogue, _form = english_data()
    broken = translate(catalogue, logic=set())
    del broken["review"]["confirm"]
    broken["idle"]["countdown"] = "Cléáréð íñ {secs} séçóñðs."
    write_toml(tmp_path / f"{PSEUDO}.toml", broken)
    with pytest.raises(KioskError) as error:
        load_messages(PSEUDO, [tmp_path])
    message = str(error.value)
    assert "review.confirm: missing" in message
    assert "idle.countdown: expected the placeholders {seconds}" in message


def test_the_english_catalogue_matches_itself_and_every_key_is_used():
    assert mismatches(english(), english()) == []
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kiosk").rglob("*.py"))
    dynamic = ("date", "severity")  # looked up by f"date.{part}", f"severity.{severity}"
    unused = [
        k
        for k in english().names()
        if f'"{k}"' not in code and f"'{k}'" not in code and k.split(".")[0] not in dynamic
    ]
    assert unused == []
    for severity, word in SEVERITY_WORDS.items():  # the receipt's English, as it always was
        assert english()(f"severity.{severity}") == word
        assert english()(f"severity.{severity}_means") == DEFINITIONS[severity]


async def test_one_language_offers_no_choice():
    app = KioskApp(clock=lambda: NOW)
    async with app.run_test(size=(100, 40)):
        assert not app.screen.query(".language")
        assert not app.screen.query("#language-prompt")


def test_every_text_field_of_a_form_is_either_words_or_logic():
    """A new text field must be classed: words a translation may change, or logic it may not
    (kiosk/core/form/translation.py WORDS). Otherwise a translation of it is refused or, worse,
    a field of words is compared as logic and nobody can translate it."""
    from typing import get_args

    from pydantic import BaseModel

    from kiosk.core.form.model import Form
    from kiosk.core.form.translation import WORDS

    logic_text = LOGIC | LOGIC_TABLES | {"source_hash"}

    def models(annotation) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in get_args(annotation) for m in models(arg)]

    def has_text(annotation) -> bool:
        return annotation is str or any(has_text(a) for a in get_args(annotation))

    seen, unclassed, todo = set(), [], [Form]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            todo += models(info.annotation)
            if has_text(info.annotation) and name not in WORDS and name not in logic_text:
                unclassed.append(f"{model.__name__}.{name}")
    assert unclassed == []
