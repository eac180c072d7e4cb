"""The print fault matrix: patient A confirms into a fault, the fault clears, patient B checks
in, then staff act. Promises: no duplicate without staff, nothing of A at the printer while B
is at the kiosk, every receipt printable by staff exactly once, none lost.

Every scenario runs straight through the kiosk's printer; two run through the screens (full
walks by widget id). benchmarks/print_faults.py runs all of them through the screens.
"""

from __future__ import annotations

import pytest
from print_matrix import PATIENT_A, PATIENT_B, SCENARIOS, check, run_scenario, run_without_screens

THROUGH_SCREENS = [("cable pulled after the data", "tcp")]


def scenario_id(scenario) -> str:
    return f"{scenario.name}-{scenario.kind}".replace(" ", "_")


def assert_promises_kept(out) -> None:
    assert check(out) == [], (out.patient_saw, out.staff_saw, out.printed, out.before_staff)
    a, b = PATIENT_A["name"], PATIENT_B["name"]
    assert out.before_staff[b] == 1  # B's own receipt printed while B was there
    if out.scenario.prints:
        assert out.staff_actions == 0 and out.printed == {a: 1, b: 1}
        assert "take your receipt" in out.patient_saw
    else:
        assert out.before_staff[a] <= 1 and out.staff_actions >= 1
        assert "desk" in out.patient_saw and "take your receipt" not in out.patient_saw


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_id)
def test_fault_then_next_patient_then_staff(tmp_path, scenario):
    assert_promises_kept(run_without_screens(scenario, tmp_path))


@pytest.mark.parametrize(
    "scenario",
    [s for s in SCENARIOS if (s.name, s.kind) in THROUGH_SCREENS],
    ids=scenario_id,
)
async def test_fault_then_next_patients_full_walk_then_staff_through_the_screens(
    tmp_path, scenario
):
    assert_promises_kept(await run_scenario(scenario, tmp_path))
