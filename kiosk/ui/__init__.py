"""The patient's touch-first kiosk: screens and widgets that drive a kiosk.session.Session."""
