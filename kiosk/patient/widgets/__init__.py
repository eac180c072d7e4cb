"""Reusable kiosk widgets (keyboard, keypad, progress, choice button, pain scale), one per file."""
