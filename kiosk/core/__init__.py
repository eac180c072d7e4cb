"""The pure pipeline: form -> answers -> session -> summary -> payload -> receipt bytes.

Nothing here imports Textual, pyserial or sqlite3, or reads a clock (`tests/test_project.py`
imports every module of this folder in a fresh interpreter to hold it to that). Callers pass the
time and the files in; the patient app, the printer and the station are wrapped around it.
"""
