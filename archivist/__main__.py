"""``python -m archivist``."""
from .cli import main

main()
