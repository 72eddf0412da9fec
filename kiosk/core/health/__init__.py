"""What the health screen reports about the kiosk itself, Qt-free.

- `problems`: the problems board (one bad item reported, never a dead screen) and each source's
  sync status (`SourceStatus`, `SyncReport`, `StatusBoard`).
- `clock`: clock trust (never below the last time seen; the kernel's NTP status).
- `system`: the machine's free disk, network reachability, USB volumes, the loopback-only guard.
- `watchdog`: systemd's sd_notify protocol (READY, WATCHDOG, STOPPING).
"""
