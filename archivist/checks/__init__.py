"""Checks by tools of the field: EPUBCheck, and dispatch of ``archivist validate``."""
