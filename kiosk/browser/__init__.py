"""`kiosk serve`: the patient's kiosk in a browser, one session at a time (textual-serve)."""
