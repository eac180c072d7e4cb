"""Touch targets and layout on every page, from the smallest terminal (80x24) to 200x60.

Every button, and every key of the keyboard, keypad and pain scale (one widget each, drawing its
keys: the key regions are checked), must be whole on screen (nothing clipped or scrolled away)
and at least 3 lines high. Targets are at least 12 columns wide, with two exceptions the width of
the screen forces: the pain scale's eleven keys (6 columns, so the scale stays on one line) and
the keys of the on-screen keyboard (ten keys side by side need 130 columns at 12 each; at 80
columns they are 6 to 8 wide, growing with the screen). Keys never overlap, and every label fits
inside its key's side edges.
"""

from __future__ import annotations

import pytest
from key_taps import tap_key
from rich.cells import cell_len
from test_app_walk import FLAGS_A, kiosk, tap, walk
from textual.widgets import Button

from kiosk.patient.widgets.key_grid import KeyGrid
from kiosk.patient.widgets.keyboard import OnScreenKeyboard
from kiosk.patient.widgets.pain_scale import PainScale

SIZES = [(80, 24), (120, 40), (200, 60)]


def displayed(widget) -> bool:
    return all(getattr(node, "display", True) for node in widget.ancestors_with_self)


def narrow_allowed(grid: KeyGrid) -> bool:
    return isinstance(grid, OnScreenKeyboard | PainScale)


def scrolls(button: Button) -> bool:
    """Only the review list may scroll (its Change buttons are whole once scrolled to)."""
    return any(node.id == "review-list" for node in button.ancestors)


def check_targets(app) -> None:
    screen = app.screen
    page = app.current_page_id
    # By class, not by CSS type: the kiosk's PlainButton does not carry Button's CSS type name.
    buttons = screen.query("*").results(Button)
    checked = 0
    for button in buttons:
        if not displayed(button):
            continue
        geometry = screen.find_widget(button)
        region = geometry.region
        if not scrolls(button):
            assert geometry.visible_region == region, f"{page}: #{button.id} is clipped"
        assert region.height >= 3, f"{page}: #{button.id} is {region.height} lines high"
        assert region.width >= 12, f"{page}: #{button.id} is {region.width} columns wide"
        room = button.content_size.width - 2 * button.styles.line_pad
        label = button.label.plain
        assert cell_len(label) <= room * button.content_size.height, (
            f"{page}: #{button.id} cuts its label {label!r} to {room} columns"
        )
        checked += 1
    for grid in screen.query("*").results(KeyGrid):
        if displayed(grid):
            checked += check_keys(screen, grid, page)
    assert checked, f"{page}: no buttons found to check"


def check_keys(screen, grid: KeyGrid, page: str) -> int:
    """The keys of one key grid, as drawn now, by the regions its taps are mapped with."""
    geometry = screen.find_widget(grid)
    assert geometry.visible_region == geometry.region, f"{page}: #{grid.id} is clipped"
    regions = grid.key_regions()
    labels = grid.labels()
    assert regions and set(regions) == set(labels), f"{page}: #{grid.id} keys {sorted(regions)}"
    least = 6 if narrow_allowed(grid) else 12
    whole = grid.size.region
    for name, region in regions.items():
        where = f"{page}: key {name!r} of #{grid.id} at {region}"
        assert whole.contains_region(region), f"{where} is outside its widget {whole}"
        assert region.height >= 3, f"{where} is {region.height} lines high"
        assert region.width >= least, f"{where} is {region.width} columns wide"
        room = region.width - 2  # inside the side edges
        assert cell_len(labels[name]) <= room, f"{where} cuts its label {labels[name]!r}"
        assert grid.key_at(grid.key_offset(name)) == name, f"{where}: its middle is not it"
        for other, there in regions.items():
            assert other == name or not region.overlaps(there), f"{where} overlaps {other!r}"
    return len(regions)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
@pytest.mark.parametrize("accessible", [False, True], ids=["normal", "large-contrast"])
async def test_every_target_is_whole_and_big_enough_on_every_page(size, accessible):
    app = kiosk()
    seen = []

    def look(app) -> None:
        seen.append(app.current_page_id)
        check_targets(app)

    async with app.run_test(size=size) as pilot:
        if accessible:  # larger text makes labels bold; high contrast outlines every button
            await tap(pilot, "#toggle-large")
            await pilot.pause(0.3)  # a second tap, not a double click
            await tap(pilot, "#toggle-contrast")
            assert app.large_text and app.high_contrast
        look(app)  # welcome
        await walk(pilot, FLAGS_A, on_page=look)
        look(app)  # review
    # FLAGS_A is a 29-year-old who takes "other" blood thinners: every page of the form is shown.
    assert set(seen) >= {page.id for page in app.site.form.pages} | {"welcome", "review"}


async def test_free_text_at_80x24_swaps_letters_for_digits_with_the_123_key():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, FLAGS_A | {"questions": ""})
        app.screen.query_one("#change-questions").scroll_visible(animate=False)  # as a finger would
        await pilot.pause()
        await tap(pilot, "#change-questions")
        keyboard = app.screen.query_one(OnScreenKeyboard)
        assert keyboard.has_class("-compact")
        assert "7" not in keyboard.key_regions() and "q" in keyboard.key_regions()
        await tap_key(pilot, "numbers")
        assert "q" not in keyboard.key_regions() and "7" in keyboard.key_regions()
        await tap_key(pilot, "7")
        await tap_key(pilot, "numbers")
        await tap_key(pilot, "a")
        assert app.screen.query_one("#input-questions").value == "7a"
        check_targets(app)


async def test_free_text_with_room_shows_digits_and_letters_together():
    app = kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await walk(pilot, FLAGS_A | {"questions": "room 12"})  # taps the keys 1 and 2 directly
        assert app.session.answers["questions"] == "room 12"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: "x".join(map(str, size)))
async def test_staff_pin_pad_and_staff_screen_targets_are_whole_and_big_enough(size):
    from test_app_staff import enter_pin

    app = kiosk()
    async with app.run_test(size=size) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        assert app.current_page_id != "staff"
        check_targets(app)  # the PIN pad
        await enter_pin(pilot, "1818")
        assert app.current_page_id == "staff"
        check_targets(app)
