"""Errors whose message is meant for the person using the app: one plain sentence, no traceback."""


class CoachError(Exception):
    """Bad input or a failed action. The CLI prints the message and exits 1; the GUI shows a dialog."""
