"""Profiles on one machine: kinds, passcodes (scrypt) and a slow-down that survives a restart."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.profiles.service import LockedError, PasscodeError, ProfileService, delay_after
from coach.storage.paths import ProfilePaths
from coach.storage.profiles import SCRYPT_N, load_registry, read_last_profile, registry_path
from coach.storage.store import Store


@pytest.fixture
def service(data_dir: Path, clock: FixedClock) -> ProfileService:
    return ProfileService(data_dir, clock)


def test_profiles_have_their_own_database_and_kind(service: ProfileService, data_dir: Path) -> None:
    Store.open(ProfilePaths(data_dir, "default")).close()  # made by the CLI before any registry existed
    service.create("Ana Lopez", "patient")
    service.create("Dr Sam", "coach", passcode="4321")
    listed = {p.slug: (p.name, p.kind, p.has_passcode) for p in service.list()}
    assert listed == {
        "default": ("default", "patient", False),
        "ana-lopez": ("Ana Lopez", "patient", False),
        "dr-sam": ("Dr Sam", "coach", True),
    }
    with Store.open(ProfilePaths(data_dir, "dr-sam")) as store:
        assert store.profile().kind == "coach" and store.profile().nickname == "Dr Sam"
    assert stat.S_IMODE(registry_path(data_dir).stat().st_mode) == 0o600
    with pytest.raises(CoachError, match="already exists"):
        service.create("ana lopez", "patient")
    with pytest.raises(CoachError, match="patient or a coach"):
        service.create("Someone", "admin")
    with pytest.raises(CoachError, match="at least 4"):
        service.create("Short", "patient", passcode="12")


def test_the_passcode_is_stored_as_a_salted_scrypt_hash(service: ProfileService, data_dir: Path) -> None:
    service.create("One", "patient", passcode="same-secret")
    service.create("Two", "patient", passcode="same-secret")
    text = registry_path(data_dir).read_text()
    assert "same-secret" not in text
    entries = load_registry(data_dir)
    one, two = entries["one"].passcode, entries["two"].passcode
    assert one is not None and two is not None
    assert one.n == SCRYPT_N == 2**14 and (one.r, one.p) == (8, 1)
    assert one.salt != two.salt and one.hash != two.hash


def test_right_and_wrong_passcodes(service: ProfileService, data_dir: Path) -> None:
    service.create("Ana", "patient", passcode="blue-river")
    service.check_passcode("ana", "blue-river")
    with pytest.raises(PasscodeError, match="not right"):
        service.check_passcode("ana", "Blue-river")
    with pytest.raises(PasscodeError):
        service.choose("ana", "wrong")
    assert read_last_profile(data_dir) is None  # a refused choice does not become the default
    assert service.choose("ana", "blue-river") == "ana"
    assert read_last_profile(data_dir) == "ana"
    assert (data_dir / "last-profile").read_text() == "ana"


def test_the_slow_down_grows_and_survives_a_restart(data_dir: Path, clock: FixedClock) -> None:
    assert [delay_after(n) for n in range(1, 8)] == [0, 0, 5, 10, 20, 40, 80]
    assert delay_after(40) == 15 * 60
    ProfileService(data_dir, clock).create("Ana", "patient", passcode="blue-river")
    for _ in range(2):
        with pytest.raises(PasscodeError):
            ProfileService(data_dir, clock).check_passcode("ana", "guess")
    with pytest.raises(LockedError) as locked:
        ProfileService(data_dir, clock).check_passcode("ana", "guess")
    assert locked.value.seconds == 5 and "wait 5 seconds" in str(locked.value)

    # A "restart": a brand-new service reading the registry from disk still makes the person wait,
    # and during the wait even the right passcode is not checked.
    restarted = ProfileService(data_dir, clock)
    assert restarted.get("ana").wait_seconds == 5
    with pytest.raises(LockedError):
        restarted.check_passcode("ana", "blue-river")
    saved = json.loads(registry_path(data_dir).read_text())["profiles"][0]
    assert saved["failed_attempts"] == 3 and saved["locked_until"]

    clock.advance(seconds=6)
    with pytest.raises(LockedError) as longer:
        ProfileService(data_dir, clock).check_passcode("ana", "guess again")
    assert longer.value.seconds == 10  # each wrong try after the free ones doubles the wait
    clock.advance(seconds=11)
    ProfileService(data_dir, clock).check_passcode("ana", "blue-river")
    entry = load_registry(data_dir)["ana"]
    assert entry.failed_attempts == 0 and entry.locked_until is None


def test_an_edited_registry_cannot_weaken_the_hash(service: ProfileService, data_dir: Path) -> None:
    service.create("Ana", "patient", passcode="blue-river")
    data = json.loads(registry_path(data_dir).read_text())
    data["profiles"][0]["passcode"]["n"] = 2
    registry_path(data_dir).write_text(json.dumps(data))
    with pytest.raises(PasscodeError):
        service.check_passcode("ana", "blue-river")


def test_changing_and_removing_a_passcode_needs_the_current_one(service: ProfileService) -> None:
    service.create("Ana", "patient", passcode="blue-river")
    with pytest.raises(PasscodeError):
        service.set_passcode("ana", "green-field", current="nope")
    service.set_passcode("ana", "green-field", current="blue-river")
    service.check_passcode("ana", "green-field")
    service.set_passcode("ana", None, current="green-field")
    assert not service.get("ana").has_passcode
    service.check_passcode("ana", "")  # no passcode: anything opens it


def test_a_damaged_registry_is_reported_plainly(service: ProfileService, data_dir: Path) -> None:
    service.create("Ana", "patient")
    registry_path(data_dir).write_text("{not json")
    with pytest.raises(CoachError, match=r"profile list .* is damaged"):
        service.list()


def test_unknown_profile(service: ProfileService) -> None:
    with pytest.raises(CoachError, match="no profile called 'nobody'"):
        service.choose("nobody")
    assert service.list() == []
