"""The one clock archivist reads: ``SOURCE_DATE_EPOCH`` when set, else today (UTC).

Only the edges call this (the CLI, the public API's callers, benchmarks); the value is then
passed down in options, so every writer is a pure function of (master, options).

An invalid or out-of-range ``SOURCE_DATE_EPOCH`` is a configuration error (exit 2), never
silently replaced by the current date: reproducibility would quietly be lost.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Mapping

from .errors import ConfigError

#: 9999-12-31T23:59:59Z: the last moment an ISO 8601 four-digit year can name.
MAX_EPOCH = 253402300799


def source_date_epoch(environ: Mapping[str, str] | None = None) -> str:
    """``SOURCE_DATE_EPOCH`` as given (digits), ``""`` when unset or empty; ConfigError when
    it is not a whole number of seconds between 0 and :data:`MAX_EPOCH`."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    epoch = raw.strip()
    if epoch and (not (epoch.isascii() and epoch.isdigit()) or int(epoch) > MAX_EPOCH):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise ConfigError(f"SOURCE_DATE_EPOCH={shown!r}: must be a whole number of seconds "
                          f"since 1970-01-01 between 0 and {MAX_EPOCH} (9999-12-31)")
    return epoch


def build_time(environ: Mapping[str, str] | None = None) -> _dt.datetime:
    """The build time, honouring ``SOURCE_DATE_EPOCH`` (reproducible builds); else today 00:00 UTC."""
    epoch = source_date_epoch(environ)
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    moment = _dt.datetime.now(tz=_dt.timezone.utc)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
