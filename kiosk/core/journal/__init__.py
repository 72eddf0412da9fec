"""Anonymous visitor journal: sessions, interaction events, export and statistics."""
