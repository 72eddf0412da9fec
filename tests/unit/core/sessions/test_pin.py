"""The PIN: salted scrypt hash, 5 tries then a 5-minute lock that doubles, kept on disk."""

from __future__ import annotations

import pytest

from kiosk.core.sessions import pin


class Clock:
    def __init__(self, t=1_790_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def test_hash_is_salted_scrypt_and_verifies():
    h1, h2 = pin.hash_pin("13579"), pin.hash_pin("13579")
    assert h1.startswith("scrypt$")
    assert h1 != h2
    assert "13579" not in h1
    assert pin.verify_pin("13579", h1)
    assert not pin.verify_pin("13570", h1)
    assert not pin.verify_pin("13579", "garbage")


def test_empty_hash_means_the_default_pin():
    assert pin.verify_pin(pin.DEFAULT_PIN, "")
    assert not pin.verify_pin("0000", "")
    assert pin.is_default("")


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "", "١٢٣٤"])
def test_invalid_pins_cannot_be_set(bad):
    with pytest.raises(ValueError):
        pin.hash_pin(bad)


def test_five_wrong_tries_lock_for_five_minutes_then_doubling(tmp_path):
    clock = Clock()
    guard = pin.PinGuard(tmp_path / "pin.json", clock=clock)
    stored = pin.hash_pin("9876")
    for left in (4, 3, 2, 1):
        a = guard.attempt("0000", stored)
        assert not a.ok
        assert a.tries_left == left
        assert a.locked_for == 0
    a = guard.attempt("0000", stored)
    assert not a.ok
    assert a.locked_for == 300
    # Even the right PIN is refused while locked.
    clock.t += 299
    a = guard.attempt("9876", stored)
    assert not a.ok
    assert a.locked_for == pytest.approx(1)
    clock.t += 2
    for _ in range(5):
        a = guard.attempt("1111", stored)
    assert a.locked_for == 600
    clock.t += 601
    for _ in range(5):
        a = guard.attempt("1111", stored)
    assert a.locked_for == 1200
    clock.t += 1201
    assert guard.attempt("9876", stored).ok
    # Success resets the doubling.
    for _ in range(5):
        a = guard.attempt("1111", stored)
    assert a.locked_for == 300


def test_the_lock_survives_a_restart_and_a_clock_set_back(tmp_path):
    clock = Clock()
    state = tmp_path / "pin.json"
    guard = pin.PinGuard(state, clock=clock)
    for _ in range(5):
        guard.attempt("0000", "")
    again = pin.PinGuard(state, clock=clock)  # the kiosk restarted
    assert again.locked_for() == 300
    assert not again.attempt(pin.DEFAULT_PIN, "").ok
    clock.t -= 10 * 86_400  # someone set the clock back ten days
    assert again.locked_for() == 300


def test_a_corrupt_state_file_starts_clean(tmp_path):
    state = tmp_path / "pin.json"
    state.write_text("{not json")
    assert pin.PinGuard(state).attempt(pin.DEFAULT_PIN, "").ok


def test_a_clock_set_back_cannot_make_a_lock_eternal(tmp_path):
    # Before: after the clock went back a year, every look said "300 s left" for a year.
    clock = Clock()
    guard = pin.PinGuard(tmp_path / "pin.json", clock=clock)
    for _ in range(5):
        guard.attempt("0000", "")
    clock.t -= 365 * 86_400
    assert guard.locked_for() == 300
    clock.t += 301  # one lock length later, on the new clock
    assert guard.locked_for() == 0
    assert guard.attempt(pin.DEFAULT_PIN, "").ok


def test_the_right_pin_works_on_a_full_disk(small_disk):
    # Before: the right PIN raised OSError (ENOSPC) writing the reset state.
    state = small_disk.path / "pin.json"
    guard = pin.PinGuard(state, clock=Clock())
    assert not guard.attempt("0000", "").ok
    small_disk.fill()
    assert guard.attempt(pin.DEFAULT_PIN, "").ok
    for _ in range(5):
        guard.attempt("0000", "")
    assert guard.locked_for() == 300  # the lock holds in memory while the disk is full
    small_disk.free()
    pin._UNSAVED.clear()


def test_the_pin_check_works_on_a_read_only_disk(small_disk):
    state = small_disk.path / "pin.json"
    small_disk.read_only()
    guard = pin.PinGuard(state, clock=Clock())
    assert guard.attempt(pin.DEFAULT_PIN, "").ok
    assert not guard.attempt("0000", "").ok
    pin._UNSAVED.clear()
