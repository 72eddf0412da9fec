"""The facilitator PIN: a salted scrypt hash, and a lockout that survives a restart.

The hash is stored in the settings (`admin.pin_hash`) as `scrypt$<salt hex>$<hash hex>`
(N=2^14, r=8, p=1, 32 bytes). An empty hash means the first-boot PIN, DEFAULT_PIN, is still
in force; the health screen warns until it is changed.

Lockout: 5 wrong PINs in a row lock the pad for 5 minutes; each further lock doubles
(10, 20, 40 … minutes, capped at a day). A right PIN resets everything. The state lives in a
small JSON file so that pulling the plug does not unlock the pad. Verifying costs about 50 ms
of CPU on purpose: call it off the GUI thread.

A full or read-only disk never stops the check: when the state cannot be written, it is
kept in memory for this process (logged) and the answer is given all the same. A clock set
back cannot stretch a lock: a lock ending further away than its own length is rebased to
end one length from now.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.core.fileio import atomic_write_text

log = logging.getLogger(__name__)

DEFAULT_PIN = "2468"
MIN_LENGTH, MAX_LENGTH = 4, 8
TRIES = 5
LOCK_SECONDS = 300.0
MAX_LOCK_SECONDS = 86_400.0
_N, _R, _P, _LEN = 2**14, 8, 1, 32


def _derive(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_LEN,
                          maxmem=64 * 1024 * 1024)


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and pin.isascii() and MIN_LENGTH <= len(pin) <= MAX_LENGTH


def hash_pin(pin: str) -> str:
    if not valid_pin(pin):
        raise ValueError(f"a PIN is {MIN_LENGTH} to {MAX_LENGTH} digits")
    salt = secrets.token_bytes(16)
    return f"scrypt${salt.hex()}${_derive(pin, salt).hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches the stored hash (or DEFAULT_PIN when nothing is stored)."""
    if not stored:
        return hmac.compare_digest(pin.encode(), DEFAULT_PIN.encode())
    try:
        scheme, salt_hex, hash_hex = stored.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    return hmac.compare_digest(_derive(pin, salt), expected)


def is_default(stored: str) -> bool:
    return not stored


@dataclass
class LockState:
    failures: int = 0  # wrong tries since the last success or lock
    locks: int = 0  # locks since the last success (the doubling exponent)
    locked_until: float = 0.0
    lock_seconds: float = 0.0  # length of the current lock


@dataclass(frozen=True)
class Attempt:
    ok: bool
    locked_for: float = 0.0  # seconds the pad stays locked (0 when not locked)
    tries_left: int = TRIES


_UNSAVED: dict[Path, LockState] = {}  # states a full or read-only disk refused


class PinGuard:
    """Checks PINs with the lockout policy; the state is re-read from `state_file` each time,
    so every screen asking for the PIN shares one lock."""

    def __init__(self, state_file: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.state_file = Path(state_file)
        self.clock = clock

    def state(self) -> LockState:
        unsaved = _UNSAVED.get(self.state_file)
        if unsaved is not None:
            return LockState(**asdict(unsaved))
        try:
            data = json.loads(self.state_file.read_text("utf-8"))
            return LockState(**{k: type(getattr(LockState, k))(data[k])
                                for k in asdict(LockState()) if k in data})
        except (OSError, ValueError, TypeError):
            return LockState()

    def _save(self, state: LockState) -> None:
        try:
            atomic_write_text(self.state_file, json.dumps(asdict(state)))
        except OSError as e:  # a full or read-only disk: the check still answers
            log.warning("PIN state not saved (%s): kept in memory", e.strerror or e)
            _UNSAVED[self.state_file] = LockState(**asdict(state))
        else:
            _UNSAVED.pop(self.state_file, None)

    def locked_for(self) -> float:
        """Seconds left on the lock (0 when the pad is open)."""
        s = self.state()
        now = self.clock()
        left = s.locked_until - now
        if left > s.lock_seconds:
            # The clock went back: the lock would last until the clock caught up again
            # (for ever, to a visitor). It ends one lock length from now instead.
            s.locked_until = now + s.lock_seconds
            self._save(s)
            left = s.lock_seconds
        return max(0.0, left)

    def attempt(self, pin: str, stored: str) -> Attempt:
        left = self.locked_for()
        if left > 0:
            return Attempt(False, left, 0)
        if verify_pin(pin, stored):
            self._save(LockState())
            return Attempt(True)
        s = self.state()
        s.failures += 1
        if s.failures >= TRIES:
            s.lock_seconds = min(LOCK_SECONDS * 2**s.locks, MAX_LOCK_SECONDS)
            s.locked_until = self.clock() + s.lock_seconds
            s.locks += 1
            s.failures = 0
            self._save(s)
            return Attempt(False, s.lock_seconds, 0)
        self._save(s)
        return Attempt(False, 0.0, TRIES - s.failures)
