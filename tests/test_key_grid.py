"""The keyboard, keypad and pain scale are single widgets: a tap's offset must be the right key.

These try to break that mapping: every cell of every key, the gaps between keys, taps at the
edges, a quick double tap, keys that change under the finger (Shift, 123), labels that look like
markup, and the pressed and high-contrast looks that a patient relies on to see the keys.
"""

from __future__ import annotations

import pytest
from key_taps import key_label, tap_key
from test_app_walk import ALL_NO, kiosk, tap, to_name_page, wait_until, walk
from textual.app import App, ComposeResult
from textual.geometry import Offset

from kiosk.patient.widgets.key_grid import PRESSED_S, KeyGrid, KeyTapped
from kiosk.patient.widgets.keyboard import LETTER_ROWS, OnScreenKeyboard
from kiosk.patient.widgets.keypad import Keypad
from kiosk.patient.widgets.pain_scale import PainScale

SIZES = [(80, 24), (120, 40), (200, 60)]


class GridApp(App):
    """One key grid alone on a screen; records what it posts."""

    def __init__(self, grid: KeyGrid) -> None:
        super().__init__()
        self.grid, self.tapped = grid, []

    def compose(self) -> ComposeResult:
        yield self.grid

    def on_key_tapped(self, event: KeyTapped) -> None:
        self.tapped.append(event.key)

    def on_pain_scale_chosen(self, event: PainScale.Chosen) -> None:
        self.tapped.append(event.value)


def line_text(grid: KeyGrid, y: int) -> str:
    return grid.render_line(y).text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("make", [lambda: OnScreenKeyboard(free_text=True), Keypad,
                                  lambda: PainScale(0, 10, ["None"] * 11, None)],
                         ids=["keyboard", "keypad", "pain"])  # fmt: skip
async def test_every_cell_maps_to_its_own_key_and_gaps_to_none(size, make):
    grid = make()
    async with GridApp(grid).run_test(size=size):
        regions = grid.key_regions()
        owner = {}
        for name, region in regions.items():
            for y in range(region.y, region.bottom):
                for x in range(region.x, region.right):
                    assert (x, y) not in owner, f"{name!r} and {owner[x, y]!r} share ({x}, {y})"
                    owner[x, y] = name
        for y in range(grid.size.height):
            for x in range(grid.size.width):
                assert grid.key_at(Offset(x, y)) == owner.get((x, y))
        assert len(owner) > grid.size.area / 3, "keys cover too little of the widget"


async def test_a_tap_on_each_corner_of_a_key_is_that_key_and_a_gap_is_nothing():
    grid = Keypad()
    app = GridApp(grid)
    async with app.run_test(size=(80, 24)) as pilot:
        expected = []
        for name, region in grid.key_regions().items():
            for x, y in [(region.x, region.y), (region.right - 1, region.bottom - 1)]:
                await pilot.click(grid, offset=(x, y))
                expected.append(name)
        gap = grid.key_regions()["1"].right  # the column between 1 and 2
        assert grid.key_at(Offset(gap, 1)) is None
        await pilot.click(grid, offset=(gap, 1))
        await pilot.pause()
        assert app.tapped == expected


async def test_every_letter_and_digit_tapped_at_80x24_types_itself_into_the_field():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        app.screen.query_one("#change-questions").scroll_visible(animate=False)
        await pilot.pause()
        await tap(pilot, "#change-questions")  # free text, compact at 80x24
        field = app.screen.query_one("#input-questions")
        for letter in "".join(LETTER_ROWS):
            await tap_key(pilot, letter)
        await tap_key(pilot, "numbers")
        for digit in "1234567890":
            await tap_key(pilot, digit)
        await tap_key(pilot, "space")
        await tap_key(pilot, "question")
        assert field.value == "".join(LETTER_ROWS) + "1234567890 ?"
        assert app.screen.focused is field  # the keyboard never took the focus


async def test_a_quick_second_tap_on_the_same_key_counts():
    grid = Keypad()
    app = GridApp(grid)
    async with app.run_test(size=(80, 24)) as pilot:
        offset = grid.key_offset("1")
        await pilot.click(grid, offset=offset, times=2)  # a double click: two taps
        await pilot.click(grid, offset=offset)
        await pilot.pause()
        assert app.tapped == ["1", "1", "1"]


async def test_shift_changes_the_labels_and_the_letter_typed():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_name_page(pilot)
        assert key_label(app, "g") == "G"  # a name starts with a capital
        await tap_key(pilot, "g")
        assert key_label(app, "r") == "r"
        await tap_key(pilot, "r")
        await tap_key(pilot, "shift")
        assert key_label(app, "shift") == "⇧ SHIFT ON" and key_label(app, "a") == "A"
        await tap_key(pilot, "a")
        assert app.screen.query_one("#input-name").value == "GrA"
        screen = app.screen.query_one(OnScreenKeyboard)
        assert any("SHIFT" not in line_text(screen, y) for y in range(screen.size.height))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: "x".join(map(str, s)))
async def test_every_pain_number_tapped_is_the_score_chosen_and_shown(size):
    app = kiosk()
    async with app.run_test(size=size) as pilot:
        await walk(pilot, ALL_NO)
        app.screen.query_one("#change-pain_score").scroll_visible(animate=False)
        await pilot.pause()
        await tap(pilot, "#change-pain_score")
        scale = app.screen.query_one(PainScale)
        for value in [10, 0, 7, 3, 10, 1]:
            await tap_key(pilot, str(value))
            assert app.session.answers["pain_score"] == value
            assert key_label(app, str(value)) == f"✓{value}"
            drawn = "".join(line_text(scale, y) for y in range(scale.size.height))
            assert drawn.count("✓") == 1 and f"✓{value}" in drawn


async def test_labels_that_look_like_markup_are_drawn_as_they_are():
    grid = Keypad(done_label="[b]Go[/]")
    async with GridApp(grid).run_test(size=(80, 24)):
        region = grid.key_regions()["done"]
        assert "[b]Go[/]" in line_text(grid, region.y + region.height // 2)


async def test_the_key_tapped_shows_pressed_then_returns():
    grid = Keypad()
    app = GridApp(grid)
    async with app.run_test(size=(80, 24)) as pilot:
        region = grid.key_regions()["5"]
        middle = region.y + region.height // 2

        def face(y: int) -> tuple:
            return tuple(str(s.style.bgcolor) for s in grid.render_line(y) if s.text.strip())

        before = face(middle)
        await pilot.click(grid, offset=grid.key_offset("5"))
        pressed = face(middle)
        assert pressed != before, "no pressed look for the key under the finger"
        await wait_until(pilot, lambda: face(middle) == before, timeout=PRESSED_S + 10)


async def test_high_contrast_outlines_each_key_and_the_normal_theme_does_not():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_name_page(pilot)
        keyboard = app.screen.query_one(OnScreenKeyboard)
        region = keyboard.key_regions()["q"]
        y = region.y + region.height // 2

        def side():
            strip = keyboard.render_line(y).crop(region.x, region.x + 1)
            segment = list(strip)[0]
            return segment.text, segment.style.color, segment.style.bgcolor

        text, color, back = side()
        assert text == "▏" and color == back  # drawn in the key's own colour: unseen
        app.screen.query_one("#toggle-contrast").press()
        await pilot.pause()
        text, color, back = side()
        assert app.high_contrast and text == "▏" and color != back
        assert color.triplet == (255, 255, 255)  # the contrast theme's foreground on black
