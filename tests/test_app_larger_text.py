"""'Larger text' does what its label says: under xterm it asks for a bigger font (OSC 50);
anywhere else letters cannot grow, so the button is called 'Bold text' and sends nothing."""

from __future__ import annotations

from test_app_walk import kiosk, tap, to_name_page

from kiosk.patient.font_size import font_sequence


def record_writes(app) -> list[str]:
    """What the app sends to the terminal from now on (the headless driver drops it)."""
    sent: list[str] = []
    driver = app._driver
    original = driver.write

    def write(data: str) -> None:
        sent.append(data)
        original(data)

    driver.write = write
    return sent


def label(app) -> str:
    return app.screen.query_one("#toggle-large").label.plain


async def test_where_letters_cannot_grow_the_button_says_bold_and_sends_no_font_change(
    monkeypatch,
):
    monkeypatch.delenv("XTERM_VERSION", raising=False)
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        sent = record_writes(app)
        assert label(app) == "Bold text"
        await tap(pilot, "#toggle-large")
        assert app.large_text and label(app) == "✓ Bold text: on"
        assert not any("\x1b]50;" in data for data in sent)
        assert "Larger" not in label(app)


async def test_under_xterm_larger_text_changes_the_font_and_the_next_patient_gets_it_back(
    monkeypatch,
):
    monkeypatch.setenv("XTERM_VERSION", "XTerm(390)")
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        sent = record_writes(app)
        assert label(app) == "Larger text"
        await tap(pilot, "#toggle-large")
        assert label(app) == "✓ Larger text: on"
        large = "\x1b]50;xft:DejaVu Sans Mono:size=20\x07"  # as tried in xterm under Xvfb
        assert [d for d in sent if "\x1b]50;" in d] == [font_sequence(True)] == [large]
        await to_name_page(pilot)
        assert [d for d in sent if "\x1b]50;" in d] == [font_sequence(True)]  # once, not per page
        await tap(pilot, "#back")  # back to the leaflet pages, then on to welcome: a reset
        for _ in range(5):
            if app.current_page_id == "welcome":
                break
            await tap(pilot, "#back")
        await pilot.pause()
        assert app.current_page_id == "welcome" and not app.large_text
        normal = "\x1b]50;xft:DejaVu Sans Mono:size=14\x07"
        assert [d for d in sent if "\x1b]50;" in d] == [large, normal]
        assert label(app) == "Larger text"


async def test_after_tapping_a_toggle_enter_goes_on_instead_of_toggling_again():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        assert app.current_page_id == "about"
        await tap(pilot, "#toggle-large")
        await pilot.pause()
        assert app.large_text
        await pilot.press("enter")  # "I have read this", not the toggle once more
        await pilot.pause()
        assert app.large_text and app.current_page_id == "preparation"
        while app.current_page_id != "name":
            await tap(pilot, "#next")
        await tap(pilot, "#toggle-contrast")
        await pilot.pause()
        await pilot.press(*"ada")  # the name box has the typing again
        assert app.screen.query_one("#input-name").value == "ada" and app.high_contrast
