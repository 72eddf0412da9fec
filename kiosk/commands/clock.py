"""`kiosk clock status` and `kiosk clock trust`: the kiosk's trusted clock, for operators.

status prints {"event": "clock", "system", "now", "last_seen", "behind_by", "ahead_by",
"synchronized", "trusted"}. trust tells the kiosk the system clock is right now (after
`sudo timedatectl set-time …` or when NTP is out of reach): a wrong future value kept
before stops being the floor, and a step ahead is believed. Run it with the kiosk stopped,
or restart the kiosk after it (the running kiosk keeps its own last time seen).
"""

from __future__ import annotations

import dataclasses

from kiosk.commands.common import emit, fail


def register(sub, common) -> None:
    p = sub.add_parser("clock", help="the kiosk's trusted clock")
    csub = p.add_subparsers(dest="clock_command", required=True, metavar="ACTION")
    csub.add_parser("status", parents=[common], help="the clock's state as JSON"
                    ).set_defaults(func=status_main)
    csub.add_parser("trust", parents=[common],
                    help="the system clock is right: make it the last time seen"
                    ).set_defaults(func=trust_main)


def _trust(args):
    from kiosk.core import paths
    from kiosk.core.health.clock import ClockTrust

    return ClockTrust(paths.resolve(args.data_dir).clock_file)


def _emit(trust) -> None:
    st = trust.state()
    emit({"event": "clock", **dataclasses.asdict(st), "trusted": st.trusted})


def status_main(args) -> int:
    _emit(_trust(args))
    return 0


def trust_main(args) -> int:
    trust = _trust(args)
    try:
        trust.accept_system_time("the operator (kiosk clock trust)")
    except ValueError as e:
        return fail(str(e), 3)
    _emit(trust)
    return 0
