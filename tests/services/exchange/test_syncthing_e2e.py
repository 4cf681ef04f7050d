"""End to end through real Syncthing (issue 16 item 4): two Syncthing instances on 127.0.0.1, paired through
their REST API, keep one exchange folder in step between a patient's and a coach's "computers". The
patient's session reaches the coach's caseload, and a program sent back arrives as "new program to review".

Each instance has its own home in tmp, free ports, and global discovery, local discovery, relays, NAT
traversal, STUN, usage and crash reporting and upgrades all off: nothing leaves 127.0.0.1. Skipped, with the
reason, only where the syncthing binary is missing (scripts/setup.sh installs it from the system packages).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.domain.clock import FixedClock
from coach.services.caseload.progress_files import patient_overviews
from coach.services.exchange.folder import set_exchange_folder
from coach.services.exchange.outgoing import write_progress
from coach.services.exchange.programs import pending_programs, send_program
from coach.services.exchange.sync import scan_incoming
from coach.services.profiles.identity import profile_uuid
from coach.services.programs.service import ProgramService
from tests.helpers.exchange import open_person, practise

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(
    SYNCTHING is None,
    reason="syncthing is not installed (scripts/setup.sh installs it: apt-get install syncthing)",
)
FOLDER_ID = "coach-exchange"
WAIT_S = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what: str, check: Callable[[], Any], timeout: float = WAIT_S) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except (OSError, urllib.error.URLError, ValueError):
            result = None
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Syncthing:
    """One Syncthing instance with a private home, listening only on 127.0.0.1."""

    def __init__(self, home: Path, name: str) -> None:
        self.home, self.name = home, name
        self.gui_port, self.listen_port = _free_port(), _free_port()
        self.api_key = secrets.token_hex(16)
        assert SYNCTHING is not None
        subprocess.run(
            [SYNCTHING, "generate", f"--home={home}", "--no-default-folder"],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
        self.device_id = subprocess.run(
            [SYNCTHING, f"--home={home}", "--device-id"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.strip()
        self._configure()
        self.log = open(home / "syncthing.log", "wb")  # noqa: SIM115 - closed in stop()
        env = dict(os.environ, STNORESTART="1", STNOUPGRADE="1", HOME=str(home))
        self.process = subprocess.Popen(
            [SYNCTHING, "serve", f"--home={home}", "--no-browser", "--no-restart", "--no-upgrade",
             f"--gui-address=127.0.0.1:{self.gui_port}"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
        _wait(f"{name}'s REST API", lambda: self.get("/rest/system/ping").get("ping") == "pong")

    def _configure(self) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        assert gui is not None
        for tag, value in (("address", f"127.0.0.1:{self.gui_port}"), ("apikey", self.api_key)):
            node = gui.find(tag)
            assert node is not None
            node.text = value
        options = root.find("options")
        assert options is not None
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "reconnectionIntervalS": "1",
            "startBrowser": "false",
            "stunKeepaliveStartS": "0",  # 0 turns STUN off
        }
        for tag, value in settings.items():
            node = options.find(tag)
            if node is None:
                node = ET.SubElement(options, tag)
            node.text = value
        tree.write(path)

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode() or "null"
        return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def get(self, path: str) -> Any:
        return self._request("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self._request("POST", path, body)

    def pair_with(self, other: Syncthing) -> None:
        self.post(
            "/rest/config/devices",
            {
                "deviceID": other.device_id,
                "name": other.name,
                "addresses": [f"tcp://127.0.0.1:{other.listen_port}"],
            },
        )

    def share(self, folder: Path, other: Syncthing) -> None:
        self.post(
            "/rest/config/folders",
            {
                "id": FOLDER_ID,
                "label": "Coach exchange",
                "path": str(folder),
                "type": "sendreceive",
                "devices": [{"deviceID": self.device_id}, {"deviceID": other.device_id}],
                "fsWatcherEnabled": True,
                "fsWatcherDelayS": 1,
                "rescanIntervalS": 3600,
            },
        )

    def connected_to(self, other: Syncthing) -> bool:
        connections = self.get("/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def scan(self) -> None:
        self.post(f"/rest/db/scan?folder={FOLDER_ID}")

    def stop(self) -> None:
        try:
            self.post("/rest/system/shutdown")
            self.process.wait(timeout=15)
        except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
            # The started process is Syncthing's monitor; SIGTERM to it stops its child too.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


@pytest.fixture
def two_syncthings(tmp_path: Path) -> Iterator[tuple[Syncthing, Syncthing, Path, Path]]:
    started: list[Syncthing] = []
    try:
        patient_home, coach_home = tmp_path / "st-patient", tmp_path / "st-coach"
        patient_home.mkdir()
        coach_home.mkdir()
        started.append(Syncthing(patient_home, "patient-laptop"))
        started.append(Syncthing(coach_home, "clinic-desktop"))
        patient_st, coach_st = started
        patient_dir, coach_dir = tmp_path / "patient-exchange", tmp_path / "coach-exchange"
        patient_dir.mkdir()
        coach_dir.mkdir()
        patient_st.pair_with(coach_st)
        coach_st.pair_with(patient_st)
        patient_st.share(patient_dir, coach_st)
        coach_st.share(coach_dir, patient_st)
        _wait(
            "the two devices to connect",
            lambda: patient_st.connected_to(coach_st) and coach_st.connected_to(patient_st),
        )
        yield patient_st, coach_st, patient_dir, coach_dir
    finally:
        for instance in started:
            instance.stop()


def _scan_until(what: str, scan: Callable[[], Any], done: Callable[[Any], bool]) -> Any:
    """Run the app's scan the way its periodic timer does, until `done(report)`."""
    return _wait(what, lambda: (lambda report: report if done(report) else None)(scan()))


def test_a_session_and_a_program_travel_through_real_syncthing(
    two_syncthings: tuple[Syncthing, Syncthing, Path, Path], tmp_path: Path, clock: FixedClock
) -> None:
    patient_st, coach_st, patient_dir, coach_dir = two_syncthings
    patient = open_person(tmp_path, "patient", "Alex", clock)
    coach = open_person(tmp_path, "coach", "Dr Rivera", clock)
    try:
        set_exchange_folder(patient, patient_dir)
        set_exchange_folder(coach, coach_dir)

        practise(patient)
        written = write_progress(patient)
        patient_st.scan()
        started = time.monotonic()
        arrived = coach_dir / "to-coach" / written.name
        _wait("the progress file to reach the coach", arrived.is_file)
        report = _scan_until(
            "the coach's scan to import it", lambda: scan_incoming(coach), lambda r: r.imported
        )
        carried_s = time.monotonic() - started
        assert report.imported == [f"to-coach/{written.name}"] and report.refused == []
        [alex] = patient_overviews(coach)  # in the coach's caseload, with the session
        assert (alex.name, alex.sessions_completed) == ("Alex", 1)
        print(f"progress file carried by Syncthing and imported in {carried_s:.1f} s")

        program_id = ProgramService(coach).all()[0].program.id
        send_program(coach, program_id, profile_uuid(patient))
        coach_st.scan()
        _scan_until(
            "the program to reach the patient", lambda: scan_incoming(patient), lambda r: r.new_programs
        )
        [pending] = pending_programs(patient)
        assert pending.notice.startswith("A new program from Dr Rivera: ")
        assert ProgramService(patient).active_assignment() is None  # waits for review
    finally:
        patient.close()
        coach.close()
