"""Percent relief after a block: the arithmetic and its edge cases."""

import pytest

from kiosk.station.relief import relief


def test_half_relief_meets_50_but_not_80():
    result = relief(8, 4, [50, 80])
    assert result.change == -4
    assert result.percent == 50
    assert result.thresholds == ((50, True), (80, False))
    assert "relief 50%" in result.message
    assert "meets 50% threshold" in result.message
    assert "does not meet 80% threshold" in result.message


def test_full_relief_meets_both_thresholds():
    result = relief(6, 0, [80, 50])
    assert result.percent == 100
    assert result.thresholds == ((50, True), (80, True))


def test_baseline_zero_cannot_be_judged():
    result = relief(0, 3, [50, 80])
    assert result.percent is None
    assert not result.judged
    assert result.thresholds == ()
    assert "cannot be judged" in result.message
    assert "baseline pain was 0" in result.message


def test_no_baseline_cannot_be_judged():
    result = relief(None, 3, [50])
    assert not result.judged
    assert "no baseline" in result.message


def test_post_above_baseline_is_negative_relief_and_worse():
    result = relief(4, 6, [50, 80])
    assert result.change == 2
    assert result.percent == -50
    assert result.worse
    assert "WORSE" in result.message
    assert result.thresholds == ((50, False), (80, False))


def test_no_change_is_zero_relief():
    result = relief(5, 5, [50])
    assert result.percent == 0
    assert not result.worse
    assert "does not meet 50%" in result.message


def test_single_threshold_only_that_one_is_shown():
    result = relief(10, 3, [50])
    assert result.thresholds == ((50, True),)
    assert "80% threshold" not in result.message


def test_just_below_threshold_does_not_meet_it():
    assert relief(9, 5, [50]).thresholds == ((50, False),)  # 44%


def test_post_score_out_of_range_is_refused():
    with pytest.raises(ValueError):
        relief(5, 11, [50])


def test_the_low_baseline_limit_comes_from_the_form_flag():
    from station_helpers import FORM

    from kiosk.station.relief import low_baseline_max

    assert low_baseline_max(FORM) == 2
    assert low_baseline_max(None) is None


@pytest.mark.parametrize("baseline", [0, 1, 2])
def test_a_baseline_at_or_under_the_limit_has_no_percent_and_no_verdict(baseline):
    result = relief(baseline, 0, [50, 80], low_max=2)
    assert not result.judged and result.thresholds == ()
    assert "cannot be judged" in result.message and "%" not in result.message
    assert result.change == -baseline  # the change itself is still told


def test_a_baseline_over_the_limit_is_judged_as_before():
    assert relief(3, 0, [50, 80], low_max=2).thresholds == ((50, True), (80, True))
