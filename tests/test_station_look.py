"""What the radiographer sees, read from the rendered screen: at 80x24 and 120x40 the verdict,
the name and date of birth with the identity check, and every STOP flag are on screen without
scrolling; severities differ in words and shape; colours keep their contrast in 16-, 256- and
true-colour terminals."""

import pytest
from rich.color import ColorSystem
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from station_helpers import StepClock, key_of, make_site, payload, wedge_scan
from station_patients import CALM

from kiosk.station import StationApp

# Two STOP, two CHECK, two NOTE flags.
SIX = {
    **CALM,
    "name": "Margaret Thompson",
    "dob": "1990-05-01",
    "pregnancy": "not_sure",
    "blood_thinners": ["warfarin"],
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
    "pain_relief_6h": "yes",
    "transport_home": "driving_myself",
    "ready_for_consent": "want_to_discuss",
    "questions": "Will it hurt?",
}
SIZES = [(80, 24), (120, 40)]
# xterm's own 16 colours: what a 16-colour terminal shows for each ANSI colour number
XTERM_16 = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
    (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
    (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]  # fmt: skip


def rows(app) -> list[list]:
    """The screen as drawn: one list of (text, rich Style) segments per row."""
    return [[(s.text, s.style) for s in strip] for strip in app.screen._compositor.render_strips()]


def row_texts(app) -> list[str]:
    return ["".join(text for text, _ in row) for row in rows(app)]


def first_row(texts: list[str], words: str) -> int:
    found = [i for i, text in enumerate(texts) if words in text]
    assert found, f"{words!r} is not on screen:\n" + "\n".join(texts)
    return found[0]


async def _scan(size, tmp_path, raw=SIX, key=None):
    app = StationApp(make_site(tmp_path), clock=StepClock())
    return app, payload(raw, key or key_of(tmp_path))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tampered", [False, True])
async def test_verdict_name_identity_and_every_stop_flag_are_on_screen_unscrolled(
    tmp_path, size, tampered
):
    app, text = await _scan(size, tmp_path, key=b"k" * 32 if tampered else None)
    async with app.run_test(size=size) as pilot:
        await wedge_scan(pilot, text)
        texts = row_texts(app)
        assert len(texts) == size[1]
        verdict = first_row(texts, "UNVERIFIED" if tampered else "VERIFIED - kiosk")
        name = first_row(texts, "Margaret Thompson")
        assert "Born: 1 May 1990 (age 36)" in texts[name]
        identity = first_row(texts, "NOT YET CONFIRMED")
        assert "[ ] Patient confirmed name and date of birth" in texts[identity]
        stops = [f for f in app.screen.summary.flags if f.severity == "stop"]
        assert len(stops) >= 2 and len(app.screen.summary.flags) >= 6  # more if the form grows
        flag_rows = [first_row(texts, f"STOP   {f.title}: ") for f in stops]
        assert verdict < name <= identity < min(flag_rows)
        bottom = app.screen.query_one("#after").region.y  # the pain keypads start here
        assert max(flag_rows) < bottom


@pytest.mark.parametrize("size", [(80, 24)])  # at 120x40 the whole case fits: no scrolling
async def test_the_next_patient_is_shown_from_the_top_even_after_scrolling(tmp_path, size):
    app, first = await _scan(size, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wedge_scan(pilot, first)
        app.screen.query_one("#case").scroll_end(animate=False)
        await pilot.pause()
        assert "Blood thinner: check" not in "\n".join(row_texts(app))  # scrolled away
        second = payload({**SIX, "name": "Bob Next"}, key_of(tmp_path))
        await wedge_scan(pilot, second)
        await pilot.pause()
        texts = row_texts(app)
        assert first_row(texts, "Blood thinner: check") < app.screen.query_one("#after").region.y
        assert first_row(texts, "Possible pregnancy: talk") > first_row(texts, "Bob Next")


async def test_each_severity_has_its_own_word_mark_and_colour(tmp_path):
    app, text = await _scan((120, 40), tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wedge_scan(pilot, text)
        tags = {}
        for row in rows(app):
            for text_, style in row:
                for mark in ("■ STOP", "▲ CHECK", "● NOTE"):
                    if mark in text_ and mark not in tags:  # the flag's tag, not the legend's
                        tags[mark] = (style.color, style.bgcolor)
        assert len(tags) == 3, tags
        assert len(set(tags.values())) == 3  # three looks, as well as three words and marks
        legend = app.screen.query_one("#legend").content.plain
        for mark in tags:
            assert f"{mark} = " in legend


def _rgb(color, system: str, palette: str = "xterm") -> tuple[int, int, int]:
    if system == "truecolor":
        triplet = color.get_truecolor()
    elif system == "256":
        triplet = color.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    else:
        number = color.downgrade(ColorSystem.STANDARD).number
        if palette == "xterm":
            return XTERM_16[number]
        triplet = color.downgrade(ColorSystem.STANDARD).get_truecolor(DEFAULT_TERMINAL_THEME)
    return (triplet.red, triplet.green, triplet.blue)


def _contrast(a, b) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _styles_of(app, words: str) -> list:
    return [style for row in rows(app) for text, style in row if words in text]


SYSTEMS = [("truecolor", "xterm"), ("256", "xterm"), ("16", "xterm"), ("16", "rich")]


@pytest.mark.parametrize(("system", "palette"), SYSTEMS)
async def test_banners_tags_and_identity_states_are_readable_in_every_colour_depth(
    tmp_path, system, palette
):
    key = key_of(make_site(tmp_path).parent)
    app = StationApp(tmp_path / "kiosk.toml", clock=StepClock())
    seen = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await wedge_scan(pilot, payload(SIX, key))
        for words in ("VERIFIED - kiosk", "■ STOP", "▲ CHECK", "● NOTE", "NOT YET CONFIRMED"):
            seen[words] = _styles_of(app, words)
        await pilot.click("#confirm-identity")
        seen["✓ Identity confirmed"] = _styles_of(app, "✓ Identity confirmed")
        await wedge_scan(pilot, "5012345678900")
        seen["LAST SCAN NOT READ"] = _styles_of(app, "LAST SCAN NOT READ")
        await wedge_scan(pilot, payload(SIX, b"k" * 32))
        seen["UNVERIFIED - tampered"] = _styles_of(app, "UNVERIFIED - tampered")
        await wedge_scan(pilot, payload(CALM, key))
        seen["No safety flags"] = _styles_of(app, "No safety flags")
    for words, styles in seen.items():
        assert styles, f"{words!r} was not drawn"
        for style in styles:
            fg, bg = (_rgb(c, system, palette) for c in (style.color, style.bgcolor))
            ratio = _contrast(fg, bg)
            assert ratio >= 4.5, (words, system, palette, round(ratio, 2))


async def test_no_safety_flags_is_not_red_and_the_identity_states_differ(tmp_path):
    app, text = await _scan((80, 24), tmp_path, raw=CALM)
    async with app.run_test(size=(80, 24)) as pilot:
        await wedge_scan(pilot, text)
        (style,) = _styles_of(app, "No safety flags")
        red, green, blue = _rgb(style.color, "truecolor")
        assert not (red > 150 and green < 100 and blue < 120), style.color  # not a red
        (before,) = _styles_of(app, "NOT YET CONFIRMED")
        assert "[ ]" in "\n".join(row_texts(app))
        await pilot.click("#confirm-identity")
        (after,) = _styles_of(app, "✓ Identity confirmed")
        assert "[✓]" in "\n".join(row_texts(app))
        assert after.bgcolor != before.bgcolor


async def test_six_stop_flags_on_a_forged_receipt_all_fit_at_80x24(tmp_path):
    """The worst first screen: the longest banner, the not-asked line, and six STOP flags (a
    form whose every flag is STOP, as a later form with more stop questions could be)."""
    from station_helpers import FORM

    all_stop = FORM.model_copy(
        update={"flags": [f.model_copy(update={"severity": "stop"}) for f in FORM.flags]}
    )
    raw = {**SIX, "dob": "1962-01-10", "pregnancy": None, "blood_thinners": ["not_sure"]}
    for follow_up in ("blood_thinner_stopped", "blood_thinner_last_dose"):
        del raw[follow_up]  # asked only of a patient who named a blood thinner
    raw["pain_score"] = 1
    app = StationApp(make_site(tmp_path), clock=StepClock())
    app.forms = [all_stop]
    async with app.run_test(size=(80, 24)) as pilot:
        await wedge_scan(pilot, payload(raw, b"k" * 32, form=all_stop))
        texts = row_texts(app)
        stops = [f for f in app.screen.summary.flags if f.severity == "stop"]
        assert len(stops) >= 6, stops
        assert first_row(texts, "UNVERIFIED - tampered") < first_row(texts, "Margaret Thompson")
        assert first_row(texts, "age 64 from the date of birth given")
        bottom = app.screen.query_one("#after").region.y
        for flag in stops:
            assert first_row(texts, f"STOP   {flag.title}: ") < bottom, flag.title


async def _all_text_styles(app) -> list[tuple[str, object]]:
    """(text, style) of every piece of text on screen that belongs to an enabled widget
    (WCAG leaves disabled controls out)."""
    from rich.cells import cell_len

    found = []
    for y, row in enumerate(rows(app)):
        x = 0
        for text, style in row:
            width = cell_len(text)
            if text.strip() and style is not None and style.bgcolor is not None:
                widget, _ = app.screen.get_widget_at(x, y)
                if not widget.is_disabled:
                    found.append((text.strip(), style))
            x += width
    return found


@pytest.mark.parametrize(("system", "palette"), SYSTEMS)
async def test_every_word_on_screen_is_readable_in_every_colour_depth(tmp_path, system, palette):
    key = key_of(make_site(tmp_path).parent)
    app = StationApp(tmp_path / "kiosk.toml", clock=StepClock())
    seen = []
    async with app.run_test(size=(120, 40)) as pilot:
        seen += await _all_text_styles(app)  # before any scan
        await wedge_scan(pilot, payload(SIX, key))
        seen += await _all_text_styles(app)
        await pilot.click("#confirm-identity")
        await pilot.click("#room-pain-6")
        await pilot.click("#post-pain-3")
        await pilot.hover("#scan")
        await pilot.pause()
        seen += await _all_text_styles(app)
        await wedge_scan(pilot, "https://example.org")
        seen += await _all_text_styles(app)
    assert len(seen) > 60
    for text, style in seen:
        fg, bg = (_rgb(c, system, palette) for c in (style.color, style.bgcolor))
        assert _contrast(fg, bg) >= 4.5, (text, system, palette, round(_contrast(fg, bg), 2))


async def test_a_long_flag_wraps_under_its_own_text_not_under_the_tags(tmp_path):
    app, text = await _scan((80, 24), tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wedge_scan(pilot, text)
        texts = row_texts(app)
        row = first_row(texts, "▲ CHECK  Recent pain relief:")
        assert "radiologist" not in texts[row]  # too long for 80 columns: it wraps
        text_column = texts[row].index("Recent")
        assert texts[row + 1][:text_column].strip() == ""
        assert texts[row + 1][text_column:].startswith("radiologist")
