"""Desktop notifications through org.freedesktop.Notifications over D-Bus (jeepney), read on the GUI thread.

PySide6's QtDBus cannot send `Notify` (it cannot marshal the uint32 `replaces_id`), so this speaks D-Bus with
jeepney, signature `susssasa{sv}i`. The daemon sends ActionInvoked / NotificationClosed only to the caller's
connection, so the same connection is kept open and a QSocketNotifier on its socket reads them as they
come; no thread is needed. Calls wait at most CALL_TIMEOUT_S for the daemon's reply.
"""

from __future__ import annotations

import collections
import contextlib
import html
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from coach.services.reminders.notifier import Action

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 2.0
APP_NAME = "Pain Recovery Coach"
DESKTOP_ENTRY = "pain-recovery-coach"


class DesktopNotifier(QObject):
    """A `Notifier` over the session bus. `open()` returns None where there is no bus or no daemon."""

    def __init__(self, connection: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from jeepney import DBusAddress, MatchRule

        self._conn = connection
        self._address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=BUS_NAME)
        self._callbacks: dict[int, Callable[[str], None]] = {}
        self._current = 0
        self.capabilities: list[str] = []
        self.sent: list[tuple[str, list[str]]] = []  # (title, action keys) of each notification sent
        # Signals arriving while a call waits for its reply are kept here instead of being dropped.
        self._queue: collections.deque[Any] = collections.deque()
        self._filters = contextlib.ExitStack()
        rule = MatchRule(type="signal", interface=BUS_NAME, path=OBJECT_PATH)
        self._filters.enter_context(connection.filter(rule, queue=self._queue))
        self._add_match(rule)
        self._reader = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._read)

    @classmethod
    def open(cls, bus: str = "SESSION", parent: QObject | None = None) -> DesktopNotifier | None:
        """Connect to `bus` ("SESSION" or an address) and check a notification service answers there."""
        try:
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            return None
        try:
            conn = open_dbus_connection(bus=bus)
        except (OSError, KeyError, ValueError, RuntimeError) as exc:
            log.info("no session bus for desktop notifications: %s", exc)
            return None
        notifier = cls(conn, parent)
        caps = notifier._call("GetCapabilities", "", ())
        if caps is None:
            notifier.close()
            return None
        notifier.capabilities = list(caps[0])
        return notifier

    # --- Notifier ------------------------------------------------------------------------------------
    def notify(
        self, title: str, body: str, actions: Sequence[Action], on_action: Callable[[str], None]
    ) -> bool:
        if "body-markup" in self.capabilities:
            body = html.escape(body, quote=False)  # a label like "Stretch & breathe" stays as typed
        flat: list[str] = []
        for key, text in actions:
            flat += [key, text]
        hints = {
            "desktop-entry": ("s", DESKTOP_ENTRY),
            "category": ("s", "x-coach.reminder"),
            "urgency": ("y", 1),
        }
        reply = self._call(
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, self._current, "", title, body, flat, hints, -1),
        )
        if reply is None:
            return False
        self._callbacks.pop(self._current, None)
        self._current = int(reply[0])
        self._callbacks[self._current] = on_action
        self.sent.append((title, [key for key, _text in actions]))
        return True

    def withdraw(self) -> None:
        if self._current:
            self._callbacks.pop(self._current, None)
            self._call("CloseNotification", "u", (self._current,))

    def close(self) -> None:
        """Stop listening and close the connection (at quit)."""
        self._reader.setEnabled(False)
        self._filters.close()
        with contextlib.suppress(OSError):
            self._conn.close()

    # --- D-Bus ---------------------------------------------------------------------------------------
    def _add_match(self, rule: Any) -> None:
        from jeepney import message_bus, new_method_call

        msg = new_method_call(message_bus, "AddMatch", "s", (rule.serialise(),))
        try:
            self._conn.send_and_get_reply(msg, timeout=CALL_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            log.info("notification signals may not arrive: %s", exc)

    def _call(self, method: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...] | None:
        from jeepney import MessageType, new_method_call

        msg = new_method_call(self._address, method, signature or None, body)
        try:
            reply = self._conn.send_and_get_reply(msg, timeout=CALL_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            log.info("notification service did not answer %s: %s", method, exc)
            return None
        if reply.header.message_type == MessageType.error:
            log.info("notification service refused %s: %s", method, reply.body)
            return None
        self._dispatch_queued()
        return tuple(reply.body)

    def _read(self) -> None:
        """The socket has data: take every complete message and handle the signals among them."""
        from jeepney import MessageType

        while True:
            try:
                msg = self._conn.receive(timeout=0)
            except TimeoutError:
                break
            except OSError as exc:
                log.info("notification connection closed: %s", exc)
                self._reader.setEnabled(False)
                break
            if msg.header.message_type == MessageType.signal:
                self._queue.append(msg)
        self._dispatch_queued()

    def _dispatch_queued(self) -> None:
        from jeepney import HeaderFields

        while self._queue:
            msg = self._queue.popleft()
            member = msg.header.fields.get(HeaderFields.member)
            if member == "ActionInvoked":
                notification_id, key = int(msg.body[0]), str(msg.body[1])
                callback = self._callbacks.pop(notification_id, None)
                if callback is not None:
                    callback(key)
            elif member == "NotificationClosed":
                self._callbacks.pop(int(msg.body[0]), None)
