"""Patients for the station tests: JSON answers, one with no flags and one per flag."""

from __future__ import annotations

CALM = {
    "name": "Ann Calm",
    "dob": "1961-03-12",
    "pain_relief_6h": "no",
    "blood_thinners": ["none"],
    "antiplatelets": ["none"],
    "allergies": ["none"],
    "unwell": "no",
    "transport_home": "someone_driving",
    "ready_for_consent": "yes",
    "pain_score": 7,
}

ON_THINNER = {
    **CALM,
    "blood_thinners": ["apixaban"],
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
}
"""On a blood thinner (the blood_thinner flag) with nothing else to act on."""

# the blood-thinner follow-ups' flags: each comes with the blood_thinner flag itself
WITH_BLOOD_THINNER = {
    "blood_thinner_not_stopped": {**ON_THINNER, "blood_thinner_stopped": "no"},
    "blood_thinner_stop_unsure": {**ON_THINNER, "blood_thinner_stopped": "not_sure"},
    "blood_thinner_last_dose_unsure": {**ON_THINNER, "blood_thinner_last_dose": "not_sure"},
}

# flag id -> the answers that raise it (and nothing else)
BY_FLAG = {
    "blood_thinner": {
        **CALM,
        "blood_thinners": ["warfarin"],
        "antiplatelets": ["other"],
        "allergies": ["none"],
        "unwell": "no",
        "blood_thinner_stopped": "yes",
        "blood_thinner_last_dose": "days_4_7",
        "blood_thinners_other": "Edoxaban",
    },
    "blood_thinner_unsure": {**CALM, "blood_thinners": ["not_sure"]},
    "allergy_procedure": {**CALM, "allergies": ["local_anaesthetic", "skin_cleaner"]},
    "allergy_unsure": {**CALM, "allergies": ["not_sure"]},
    "allergy_plasters": {**CALM, "allergies": ["plasters"]},
    "allergy_other": {**CALM, "allergies": ["other"]},
    "unwell_today": {**CALM, "unwell": "yes"},
    "unwell_unsure": {**CALM, "unwell": "not_sure"},
    "pregnancy_possible": {**CALM, "dob": "1990-05-01", "pregnancy": "not_sure"},
    "pain_relief_recent": {**CALM, "pain_relief_6h": "yes"},
    "driving_home": {**CALM, "transport_home": "driving_myself"},
    "transport_unsure": {**CALM, "transport_home": "not_sure"},
    "wants_discussion": {**CALM, "ready_for_consent": "want_to_discuss"},
    "has_questions": {**CALM, "questions": "=Will it hurt? [bold]"},
    "low_baseline_pain": {**CALM, "pain_score": 1},
}

# Every question answered (pregnancy needs age 12-55), for export round trips.
EVERYTHING = {
    "name": "Zoë O'Neill-Smith",
    "dob": "1990-05-01",
    "pain_relief_6h": "not_sure",
    "blood_thinners": ["none"],
    "antiplatelets": ["clopidogrel", "other"],
    "allergies": ["none"],
    "unwell": "no",
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
    "blood_thinners_other": "Edoxaban",
    "pregnancy": "no",
    "transport_home": "taxi_or_public_transport",
    "questions": "=SUM(A1) how long?",
    "ready_for_consent": "yes",
    "pain_score": 8,
}
