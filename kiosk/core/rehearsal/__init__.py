"""Rehearsal: the kiosk at a simulated clock on recorded data ("répétition" on every screen).

`recording` reads and writes recordings of provider payloads and replays them through the
providers' parsers; `clock` is the simulated clock.
"""
