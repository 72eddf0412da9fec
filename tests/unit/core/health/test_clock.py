"""Clock trust: never below the last time seen, and it says when the clock went back."""

from __future__ import annotations

from kiosk.core.health.clock import EARLIEST_PLAUSIBLE, ClockTrust


class Clock:
    def __init__(self, t):
        self.t = t

    def __call__(self):
        return self.t


def test_time_never_goes_below_the_last_seen_even_after_a_restart(tmp_path):
    f = tmp_path / "clock.json"
    clock = Clock(EARLIEST_PLAUSIBLE + 1_000_000)
    trust = ClockTrust(f, clock=clock, synchronized=lambda: True)
    assert trust.now() == clock.t
    assert trust.state().trusted
    trust.save()
    seen = clock.t
    clock.t = 0.0  # booted without a battery: 1970
    again = ClockTrust(f, clock=clock, synchronized=lambda: False)
    assert again.now() == seen
    st = again.state()
    assert not st.trusted
    assert st.behind_by == seen
    assert st.synchronized is False


def test_a_small_step_back_is_tolerated(tmp_path):
    clock = Clock(EARLIEST_PLAUSIBLE + 500)
    trust = ClockTrust(tmp_path / "c.json", clock=clock, synchronized=lambda: None)
    trust.now()
    clock.t -= 30
    st = trust.state()
    assert st.behind_by == 0
    assert st.now == clock.t + 30
    assert st.trusted  # unknown sync status is not a fault by itself


def test_an_implausible_clock_is_not_trusted(tmp_path):
    trust = ClockTrust(tmp_path / "c.json", clock=Clock(1_000_000_000.0),
                       synchronized=lambda: True)
    assert not trust.state().trusted


def test_the_kernel_status_is_read_without_error():
    from kiosk.core.health.clock import kernel_synchronized

    assert kernel_synchronized() in (True, False, None)


def test_save_if_due_writes_only_after_a_while(tmp_path):
    f = tmp_path / "clock.json"
    clock = Clock(EARLIEST_PLAUSIBLE + 10)
    trust = ClockTrust(f, clock=clock, synchronized=lambda: True)
    trust.now()
    trust.save_if_due()
    assert f.exists()  # the first time seen is always worth keeping
    first = f.read_text()
    clock.t += 60
    trust.now()
    trust.save_if_due()
    assert f.read_text() == first
    clock.t += 600
    trust.now()
    trust.save_if_due()
    assert f.read_text() != first
