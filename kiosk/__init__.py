"""Gate 18 check-in kiosk: a pure questionnaire core with a thin Textual and printer shell."""

__version__ = "0.1.0"
