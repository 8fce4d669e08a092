"""archivist: People's Daily seed files → TEI P5 master → EPUB, PDF, METS → BagIt bundles."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
