"""Content bundles: manifest, signatures, verification, atomic install, rollback, USB, sync."""
