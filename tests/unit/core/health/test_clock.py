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


DAY = 86_400.0


def test_a_clock_far_ahead_is_reported_not_believed_and_recovers(tmp_path):
    # Before: a clock two years ahead became the floor and stayed trusted; set right again,
    # the kiosk kept the future time for ever.
    clock = Clock(EARLIEST_PLAUSIBLE + 100 * DAY)
    trust = ClockTrust(tmp_path / "c.json", clock=clock, synchronized=lambda: False)
    good = trust.now()
    clock.t = good + 730 * DAY
    st = trust.state()
    assert not st.trusted
    assert st.ahead_by == 730 * DAY
    assert st.last_seen == good  # not made the floor
    clock.t = good + 60  # the clock is put right
    assert trust.now() == good + 60
    assert trust.state().trusted is False  # synchronized=False; but nothing is behind/ahead
    st = trust.state()
    assert (st.behind_by, st.ahead_by) == (0, 0)


def test_a_step_ahead_confirmed_by_ntp_is_believed(tmp_path):
    clock = Clock(EARLIEST_PLAUSIBLE + 100 * DAY)
    synced = [False]
    trust = ClockTrust(tmp_path / "c.json", clock=clock, synchronized=lambda: synced[0])
    trust.now()
    clock.t += 10 * DAY  # a week in a garage, then a boot
    assert trust.state().ahead_by
    synced[0] = True  # NTP synchronised the clock
    st = trust.state()
    assert (st.ahead_by, st.last_seen, st.trusted) == (0, clock.t, True)


def test_a_wrong_future_value_kept_is_left_behind_by_a_servers_date(tmp_path, http_server):
    import json
    import time

    from kiosk.core.health.clock import check_with_servers
    f = tmp_path / "c.json"
    f.write_text(json.dumps({"last_seen": time.time() + 730 * DAY}))  # kept from a bad clock
    trust = ClockTrust(f, clock=time.time, synchronized=lambda: None)
    assert trust.state().behind_by > 700 * DAY
    http_server.route("/", status=404)  # any answer carries a Date header
    assert check_with_servers(trust, [http_server.url("/")])
    st = trust.state()
    assert st.trusted
    assert abs(st.now - time.time()) < 5
    assert json.loads(f.read_text())["last_seen"] < time.time() + 5  # kept for the next boot


def test_a_server_date_far_from_the_system_clock_confirms_nothing(tmp_path):
    clock = Clock(EARLIEST_PLAUSIBLE + 100 * DAY)
    trust = ClockTrust(tmp_path / "c.json", clock=clock, synchronized=lambda: None)
    trust.now()
    clock.t += 730 * DAY
    assert not trust.confirm_with_server_date("Tue, 01 Dec 2026 10:00:00 GMT", "x")
    assert trust.state().ahead_by


def test_the_operator_command_trusts_the_system_clock(tmp_path, capsys):
    import json
    import time

    from kiosk import cli
    from kiosk.core import paths
    clock_file = paths.resolve(tmp_path).clock_file
    clock_file.parent.mkdir(parents=True, exist_ok=True)
    clock_file.write_text(json.dumps({"last_seen": time.time() + 730 * DAY}))
    assert cli.main(["clock", "status", "--data-dir", str(tmp_path)]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["behind_by"] > 700 * DAY
    assert cli.main(["clock", "trust", "--data-dir", str(tmp_path)]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["behind_by"] == 0
    assert abs(after["now"] - time.time()) < 5
