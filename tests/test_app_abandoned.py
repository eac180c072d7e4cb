"""A check-in given up on: staff can see that it happened and when, never what was answered;
and the review page, where every answer is read through, waits longer before the warning."""

from __future__ import annotations

from datetime import datetime

from test_app_idle import warning_shown
from test_app_staff import open_staff_screen
from test_app_walk import ALL_NO, NOW, kiosk, tap, wait_until, walk

from kiosk.patient.abandoned import AbandonedLog


def staff_line(app) -> str:
    return str(app.screen.query_one("#staff-abandoned").render())


async def test_a_patient_who_walks_away_is_counted_for_staff_without_any_answer():
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        assert app.current_page_id == "review"
        app.idle_timeout_s = app.review_idle_timeout_s = 0.3
        app.idle_warning_s = 0.5
        await wait_until(pilot, lambda: app.current_page_id == "welcome")
        await pilot.pause()
        assert app.session.answers == {}
        assert app.abandoned.count == 1
        [gone] = app.abandoned.recent
        assert gone.on_review and gone.at == NOW
        app.idle_timeout_s = app.review_idle_timeout_s = 90
        await open_staff_screen(pilot)
        line = staff_line(app)
        assert "Abandoned check-ins since the kiosk started: 1" in line
        assert f"{NOW:%H:%M} on the review page" in line
        for answer in (ALL_NO["name"], "1966", "Ada"):
            assert answer not in line
        assert not any(ALL_NO["name"] in repr(vars(a)) for a in app.abandoned.recent)


async def test_a_finished_patient_and_an_untouched_welcome_are_not_counted():
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#confirm")
        await app.workers.wait_for_complete()
        await app.wipe()  # the done screen's own return to welcome
        await pilot.pause()
        assert app.abandoned.count == 0
        await open_staff_screen(pilot)
        assert "none" in staff_line(app)


async def test_the_review_page_waits_longer_than_a_question_page():
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        app.idle_timeout_s, app.review_idle_timeout_s, app.idle_warning_s = 0.3, 60, 30
        await pilot.pause(1.2)  # four times the question-page timeout
        assert not warning_shown(app) and app.current_page_id == "review"
        app.change_answer("transport_home")  # a question page: the short timeout
        await pilot.pause()
        await wait_until(pilot, lambda: warning_shown(app))


def test_the_configured_review_wait_is_longer_than_the_question_wait():
    app = kiosk()
    assert app.review_idle_timeout_s > app.idle_timeout_s


def test_the_log_keeps_the_latest_and_counts_them_all():
    log = AbandonedLog()
    for minute in range(25):
        log.record(datetime(2026, 11, 25, 9, minute), 3, 15, on_review=False)
    assert log.count == 25 and len(log.recent) == 20
    assert log.staff_text().startswith("Abandoned check-ins since the kiosk started: 25")
    assert "09:24 on page 3 of 15" in log.staff_text()
