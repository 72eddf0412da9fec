"""Pages of the facilitator panel (kiosk/ui/screens/admin.py), one module per page.

- `territory`: territory and parking spot (a trail stop or coordinates typed on the keypad);
- `journal`: visit statistics as plots, the end-of-visit question switch, CSV export to USB;
- `pin`: the PIN change;
- `parts`: the title, message line and feedback helpers the pages share.

Each page reads and writes through the context: settings changes go through
ctx.update_settings (persisted, then every listener reconfigures live: nearest sites, agenda
feeds, trail information); disk and database work runs on ctx.tasks workers.
"""
