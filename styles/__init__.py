"""Typography for archivist's renderers: the only place styles live (loaded as package data)."""
