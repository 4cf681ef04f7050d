"""Profiles on one machine: kinds, passcodes (scrypt) and a slow-down that survives a restart."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.profiles.service import LockedError, PasscodeError, ProfileService, delay_after
from coach.storage.cipher import is_encrypted
from coach.storage.passcode_wait import WAIT_FILE
from coach.storage.paths import ProfilePaths
from coach.storage.profiles import (
    hash_passcode,
    load_registry,
    read_last_profile,
    registry_path,
    save_registry,
)
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
    with pytest.raises(CoachError, match="protected by a passcode"):
        Store.open(ProfilePaths(data_dir, "dr-sam"))  # encrypted: nothing opens without the passcode
    service.check_passcode("dr-sam", "4321")
    with Store.open(ProfilePaths(data_dir, "dr-sam")) as store:
        assert store.profile().kind == "coach" and store.profile().nickname == "Dr Sam"
    assert stat.S_IMODE(registry_path(data_dir).stat().st_mode) == 0o600
    with pytest.raises(CoachError, match="already exists"):
        service.create("ana lopez", "patient")
    with pytest.raises(CoachError, match="patient or a coach"):
        service.create("Someone", "admin")
    with pytest.raises(CoachError, match="at least 4"):
        service.create("Short", "patient", passcode="12")


class FakeBoot:
    """A boot-time clock the test moves: seconds since boot and the boot's id."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.id = "boot-1"

    def seconds(self) -> float:
        return self.now

    def boot_id(self) -> str:
        return self.id


def test_no_passcode_or_hash_of_it_is_kept_outside_the_encrypted_database(
    service: ProfileService, data_dir: Path
) -> None:
    service.create("One", "patient", passcode="same-secret")
    text = registry_path(data_dir).read_text()
    assert "same-secret" not in text
    assert load_registry(data_dir)["one"].passcode is None  # no hash to guess against offline
    assert is_encrypted(ProfilePaths(data_dir, "one").database)


def test_an_older_screen_only_passcode_is_converted_to_encryption_at_the_next_unlock(
    service: ProfileService, data_dir: Path
) -> None:
    service.create("Ana", "patient")
    entries = load_registry(data_dir)
    entries["ana"].passcode = hash_passcode("blue-river")  # how the previous version kept it
    save_registry(data_dir, entries)
    assert service.get("ana").has_passcode
    with pytest.raises(PasscodeError):
        service.check_passcode("ana", "wrong")
    service.check_passcode("ana", "blue-river")
    assert is_encrypted(ProfilePaths(data_dir, "ana").database)
    assert load_registry(data_dir)["ana"].passcode is None


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
    boot = FakeBoot()
    ProfileService(data_dir, clock, boot).create("Ana", "patient", passcode="blue-river")
    for _ in range(2):
        with pytest.raises(PasscodeError):
            ProfileService(data_dir, clock, boot).check_passcode("ana", "guess")
    with pytest.raises(LockedError) as locked:
        ProfileService(data_dir, clock, boot).check_passcode("ana", "guess")
    assert locked.value.seconds == 5 and "wait 5 seconds" in str(locked.value)

    # A "restart": a brand-new service reading the profile folder still makes the person wait,
    # and during the wait even the right passcode is not checked.
    restarted = ProfileService(data_dir, clock, boot)
    assert restarted.get("ana").wait_seconds == 5
    with pytest.raises(LockedError):
        restarted.check_passcode("ana", "blue-river")
    saved = json.loads((ProfilePaths(data_dir, "ana").profile_dir / WAIT_FILE).read_text())
    assert saved["failures"] == 3 and saved["wait_s"] == 5

    boot.now += 6
    with pytest.raises(LockedError) as longer:
        ProfileService(data_dir, clock, boot).check_passcode("ana", "guess again")
    assert longer.value.seconds == 10  # each wrong try after the free ones doubles the wait
    boot.now += 11
    ProfileService(data_dir, clock, boot).check_passcode("ana", "blue-river")
    assert not (ProfilePaths(data_dir, "ana").profile_dir / WAIT_FILE).exists()


def _lock_for(service: ProfileService, seconds_wanted: int) -> None:
    while True:
        try:
            service.check_passcode("ana", "guess")
        except LockedError as exc:
            if exc.seconds >= seconds_wanted:
                return
            service.boot_clock.now += exc.seconds  # type: ignore[attr-defined]
        except PasscodeError:
            continue


def test_setting_the_wall_clock_forward_does_not_skip_the_wait(data_dir: Path, clock: FixedClock) -> None:
    boot = FakeBoot()
    service = ProfileService(data_dir, clock, boot)
    service.create("Ana", "patient", passcode="blue-river")
    _lock_for(service, 5)
    clock.advance(days=2)  # the person sets the date two days ahead
    assert service.get("ana").wait_seconds == 5
    with pytest.raises(LockedError):
        service.check_passcode("ana", "blue-river")
    boot.now += 5  # five real seconds later it opens
    service.check_passcode("ana", "blue-river")


def test_setting_the_wall_clock_back_does_not_stretch_the_wait(data_dir: Path, clock: FixedClock) -> None:
    boot = FakeBoot()
    service = ProfileService(data_dir, clock, boot)
    service.create("Ana", "patient", passcode="blue-river")
    _lock_for(service, 5)
    clock.advance(days=-1)  # a corrected clock: a day earlier than when the wait began
    boot.now += 5
    assert service.get("ana").wait_seconds == 0  # not 1,440 minutes
    service.check_passcode("ana", "blue-river")


def test_after_a_reboot_the_wait_left_is_counted_again_never_more_than_the_cap(
    data_dir: Path, clock: FixedClock
) -> None:
    boot = FakeBoot()
    service = ProfileService(data_dir, clock, boot)
    service.create("Ana", "patient", passcode="blue-river")
    _lock_for(service, 40)
    boot.id, boot.now = "boot-2", 3.0  # restarted: boot time begins again
    assert 0 < service.get("ana").wait_seconds <= 15 * 60
    with pytest.raises(LockedError) as again:
        service.check_passcode("ana", "blue-river")
    assert again.value.seconds >= 40 - 1
    boot.now += again.value.seconds
    service.check_passcode("ana", "blue-river")

    record_path = ProfilePaths(data_dir, "ana").profile_dir / WAIT_FILE
    record_path.write_text('{"failures": 9, "wait_s": 99999999, "boot_ref": 0, "boot_id": "boot-2"}')
    assert service.get("ana").wait_seconds <= 15 * 60  # an edited record cannot lock anyone out for days


def test_moving_the_profile_list_aside_keeps_the_wait_and_the_protection(
    data_dir: Path, clock: FixedClock
) -> None:
    boot = FakeBoot()
    service = ProfileService(data_dir, clock, boot)
    service.create("Ana", "patient", passcode="blue-river")
    _lock_for(service, 5)
    registry_path(data_dir).rename(data_dir / "profiles.json.aside")
    found = service.get("ana")
    assert found.has_passcode and found.wait_seconds == 5
    with pytest.raises(LockedError):
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
