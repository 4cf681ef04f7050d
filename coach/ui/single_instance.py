"""One window per profile: the running app listens on a local socket named after its profile, and a
second start on the same profile asks it to come to the front instead of opening another window.

The profile lock (coach.storage.lock) decides who runs; this socket only carries the "show yourself"
message from the one that did not get the lock to the one that holds it.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from coach.storage.paths import ProfilePaths

SHOW = b"show\n"
CONNECT_TIMEOUT_MS = 500
# A second start may come while the first is still starting (it holds the lock a moment before it
# listens): keep asking this long before saying the profile is busy.
ASK_FOR_S = 5.0


def server_name(paths: ProfilePaths) -> str:
    """The socket name for one profile folder of one user (short: some systems limit socket paths)."""
    folder = os.path.abspath(paths.profile_dir)
    digest = hashlib.sha256(f"{getpass.getuser()}\0{folder}".encode()).hexdigest()[:20]
    return f"pain-recovery-coach-{digest}"


def ask_running_app_to_show(name: str, wait_s: float = ASK_FOR_S) -> bool:
    """Tell the app listening on `name` to bring its window to the front; True once it took the message,
    False if nobody answered within `wait_s` seconds."""
    deadline = time.monotonic() + wait_s
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.write(SHOW)
            socket.flush()
            delivered = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS) or socket.bytesToWrite() == 0
            socket.disconnectFromServer()
            if delivered:
                return True
        socket.abort()
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


class InstanceServer(QObject):
    """Listens on `name` while the app runs; each "show" message calls `on_show` (set it once the window
    exists; a message before that is dropped, as the window is about to show anyway)."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_show: Callable[[], None] | None = None
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # Only the lock holder gets here, so a socket file left by a crashed app is stale: remove it.
        QLocalServer.removeServer(name)
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._accept)

    @property
    def socket_path(self) -> Path:
        return Path(self._server.fullServerName())

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            # Bound methods, not lambdas: Qt drops them when this object goes, before its sockets are
            # destroyed; a lambda would still be called from a socket's destructor.
            socket.readyRead.connect(self._ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if SHOW.strip() in data and self.on_show is not None:
            self.on_show()

    def close(self) -> None:
        self._server.close()
