"""Idle timeout: a visible 'Are you still there?' countdown, then the session is wiped.

The timeouts are shortened only once the patient has reached the page under test, so a slow
machine cannot raise the warning in the middle of the walk; waits poll rather than guess.
"""

from __future__ import annotations

from test_app_staff import open_staff_screen
from test_app_walk import ALL_NO, kiosk, tap, to_name_page, wait_until, walk

from kiosk.patient.screens.idle_warning import IdleWarning
from kiosk.patient.screens.staff import StaffScreen


def go_idle_soon(app, timeout_s: float = 0.4, warning_s: float = 2.0) -> None:
    app.idle_timeout_s = timeout_s
    app.review_idle_timeout_s = timeout_s  # the review page has its own, longer wait
    app.idle_warning_s = warning_s


def screen_text(app) -> str:
    """The words on screen, from an SVG screenshot (which writes spaces as &#160;)."""
    return app.export_screenshot().replace("&#160;", " ")


def warning_shown(app) -> bool:
    """The warning screen is on top and has been composed (pushing it is not enough)."""
    return isinstance(app.screen, IdleWarning) and bool(app.screen.query("#idle-countdown"))


async def test_no_input_shows_the_warning_then_wipes_to_welcome():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await app.workers.wait_for_complete()
        forgets = app.printer.forgets  # one at start-up
        go_idle_soon(app)
        await wait_until(pilot, lambda: warning_shown(app))
        assert "cleared in" in str(app.screen.query_one("#idle-countdown").render())
        assert app.session.answers  # not wiped while the countdown runs
        await wait_until(pilot, lambda: app.current_page_id == "welcome")
        await pilot.pause()
        assert app.session.answers == {}
        assert len(app.screen_stack) == 2
        await app.workers.wait_for_complete()
        assert app.printer.forgets == forgets + 1


async def test_the_warning_hides_the_answers_of_a_patient_who_walked_away():
    app = kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await walk(pilot, ALL_NO)  # the review lists the name and every answer
        assert ALL_NO["name"] in screen_text(app)
        go_idle_soon(app)
        await wait_until(pilot, lambda: warning_shown(app))
        box = app.screen.query_one("#idle-box")
        await wait_until(pilot, lambda: box.region.area > 0)  # laid out, as it is seen
        await pilot.pause()
        picture = screen_text(app)
        assert "Are you still there?" in picture
        assert ALL_NO["name"] not in picture and "Your answer:" not in picture


async def test_still_here_keeps_the_answers():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        await tap(pilot, "#next")
        go_idle_soon(app, warning_s=30)
        await wait_until(pilot, lambda: warning_shown(app))
        await tap(pilot, "#still-here")
        assert app.current_page_id == "preparation"
        assert "about" in app.session.acknowledged


async def test_welcome_screen_never_times_out():
    app = kiosk()
    go_idle_soon(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(1.0)
        assert not isinstance(app.screen, IdleWarning)


async def test_an_active_patient_is_not_interrupted():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        go_idle_soon(app, timeout_s=1.0)
        for _ in range(6):  # 1.8 s in all, never 1 s without a key
            await pilot.pause(0.3)
            await pilot.press("x")
        assert not isinstance(app.screen, IdleWarning)


async def test_no_second_warning_rises_over_the_welcome_screen_while_the_wipe_runs():
    """The idle tick can fire while the wipe awaits its screen changes (seen on a loaded
    machine: a fresh 'Are you still there?' over the welcome screen, counting down again)."""
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        switch = app.switch_screen

        async def tick_midway(screen):
            await switch(screen)
            app._last_input = 0.0  # long idle, as after a countdown ran out
            app._idle_tick()  # the welcome screen is in, the wipe has not finished

        app.switch_screen = tick_midway
        await app.wipe()
        app.switch_screen = switch
        await pilot.pause()
        assert not any(isinstance(s, IdleWarning) for s in app.screen_stack)
        assert app.current_page_id == "welcome"


async def test_a_staff_screen_left_open_is_closed_by_the_idle_reset_and_the_patient_wiped():
    """Staff busy on the staff screen are not closed out by the done screen's short timer
    (tests/test_app_staff.py), but a staff screen left open with nobody touching it must not
    stay: the next patient could exit the app from it, and the last patient's answers are
    still under it. After the idle time the kiosk asks and wipes, as on any patient page."""
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_name_page(pilot)
        app.session.set_answer("name", "Ada Lovelace")
        await open_staff_screen(pilot)
        assert isinstance(app.screen, StaffScreen)
        go_idle_soon(app, timeout_s=0.5, warning_s=1.0)
        await wait_until(pilot, lambda: warning_shown(app))
        staff_gone = lambda: not any(isinstance(s, StaffScreen) for s in app.screen_stack)  # noqa: E731
        await wait_until(pilot, lambda: app.current_page_id == "welcome" and staff_gone())
        await wait_until(pilot, lambda: len(app.screen_stack) == 2)  # welcome, on the default
        assert app.session.answers == {} and not app.visited
