"""The patient's kiosk: the Textual app (`app.py`, wiring only), its screens and widgets.

`screens/` holds one screen per file, `widgets/` the parts they share. The app is importable as
`kiosk.app.KioskApp` too, the documented contract.
"""
