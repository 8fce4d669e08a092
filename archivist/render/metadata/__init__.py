"""Deposit metadata writers (METS wrapping MODS, DC and PREMIS)."""
