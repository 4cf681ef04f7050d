"""How a reminder reaches the person, as a small protocol: a desktop notification with buttons.

Qt-free. The app's adapter (coach/ui/reminders/desktop.py) speaks org.freedesktop.Notifications over
D-Bus; tests use the same adapter against a real notification daemon. Where no notification service
exists the app falls back to the tray balloon, then to its own small reminder window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from coach.domain.reminder_messages import Notification

# Action keys, as the notification service sends them back. "default" is a click on the notification.
OPEN = "default"
START = "start"
SNOOZE = "snooze"
SKIP = "skip"
QUIT = "quit"
# The snooze a notification button offers (the reminder window also offers the other lengths).
NOTIFICATION_SNOOZE_MINUTES = 10

Action = tuple[str, str]  # (key, button text)


class Notifier(Protocol):
    def notify(
        self, title: str, body: str, actions: Sequence[Action], on_action: Callable[[str], None]
    ) -> bool:
        """Show one notification with `actions` as buttons; `on_action(key)` runs when one is chosen.
        A newer notification replaces the previous one. Returns False when it could not be shown."""
        ...

    def withdraw(self) -> None:
        """Take the current notification off the screen (the person acted on it elsewhere)."""
        ...


def reminder_actions(note: Notification) -> list[Action]:
    """The buttons of a reminder: Start now, Snooze 10 minutes, Skip today (a heads-up only opens)."""
    if note.heads_up:
        return [(OPEN, "Open")]
    return [
        (OPEN, "Open"),
        (START, "Start now"),
        (SNOOZE, f"Snooze {NOTIFICATION_SNOOZE_MINUTES} minutes"),
        (SKIP, "Skip today"),
    ]
