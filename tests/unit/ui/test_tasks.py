"""TaskRunner hands every result back on the GUI thread, without workers calling into Qt."""

from __future__ import annotations

import threading

import pytest

from kiosk.ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    r = TaskRunner(net_workers=4)
    yield r
    r.shutdown(wait=True)


def test_many_results_all_arrive_on_the_gui_thread(runner, qtbot):
    gui = threading.get_ident()
    seen: list[tuple[int, int]] = []
    for i in range(300):
        runner.run(lambda n=i: n, on_done=lambda n: seen.append((n, threading.get_ident())))
    qtbot.waitUntil(lambda: len(seen) == 300, timeout=10_000)
    assert sorted(n for n, _ in seen) == list(range(300))
    assert {t for _, t in seen} == {gui}
    qtbot.waitUntil(lambda: runner.in_flight == 0)


def test_an_error_goes_to_on_error_and_a_superseded_result_is_dropped(runner, qtbot):
    errors: list[BaseException] = []
    done: list[str] = []
    release = threading.Event()
    runner.run(lambda: 1 / 0, on_error=errors.append)
    runner.run(lambda: release.wait(5) and "old", on_done=done.append, key="k")
    runner.run(lambda: "new", on_done=done.append, key="k")
    qtbot.waitUntil(lambda: done == ["new"] and len(errors) == 1)
    release.set()
    qtbot.waitUntil(lambda: runner.in_flight == 0)
    assert done == ["new"]
    assert isinstance(errors[0], ZeroDivisionError)


def test_a_failing_callback_does_not_strand_the_results_behind_it(runner, qtbot):
    done: list[int] = []

    def explode(_):
        raise RuntimeError("a screen's callback failed")

    with qtbot.capture_exceptions() as raised:
        runner.run(lambda: 0, on_done=explode)
        for i in range(20):
            runner.run(lambda n=i: n, on_done=done.append)
        qtbot.waitUntil(lambda: len(done) == 20, timeout=10_000)
    assert [type(e[1]) for e in raised] == [RuntimeError]


def test_after_shutdown_nothing_is_started_or_delivered(qapp, qtbot):
    r = TaskRunner()
    r.shutdown(wait=True)
    future = r.run(lambda: 1, on_done=lambda _: pytest.fail("delivered after shutdown"))
    assert future.cancelled()
    qtbot.wait(50)
