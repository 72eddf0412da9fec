"""Who is at the screen, Qt-free.

- `visitor`: the visitor session clock (first touch, idle warning, end).
- `pin`: the facilitator PIN (salted scrypt hash, lockout surviving a restart).
"""
