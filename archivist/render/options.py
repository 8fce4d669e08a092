"""Render options: one typed record, defaults in one place; the CLI maps flags onto it."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

PAPER_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class RenderOptions:
    """Options every writer receives (each reads the ones it needs).

    ``built`` is the build time, read once at the edge (:func:`archivist.clock.build_time`)
    and passed down: no writer reads the clock or the environment.
    """

    built: _dt.datetime
    paper: str = "a4"
    #: ``built`` is an instant (pinned by SOURCE_DATE_EPOCH); False: only its day is known
    precise: bool = True

    @property
    def stamp(self) -> str:
        """``built`` as ``YYYY-MM-DDTHH:MM:SSZ`` (UTC), or ``YYYY-MM-DD`` when only the day
        is known (never midnight presented as an instant)."""
        if not self.precise:
            return self.date
        return self.built.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def date(self) -> str:
        """``built`` as ``YYYY-MM-DD`` (UTC)."""
        return self.built.astimezone(_dt.timezone.utc).date().isoformat()
