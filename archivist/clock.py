"""The one clock archivist reads: ``SOURCE_DATE_EPOCH`` when set, else today (UTC).

Only the edges call this (the CLI, the public API's callers, benchmarks); the value is then
passed down in options, so every writer is a pure function of (master, options).
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Mapping


def source_date_epoch(environ: Mapping[str, str] | None = None) -> str:
    """``SOURCE_DATE_EPOCH`` as given (digits), or ``""`` when unset or malformed."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    return epoch if epoch.isdigit() else ""


def build_time(environ: Mapping[str, str] | None = None) -> _dt.datetime:
    """The build time, honouring ``SOURCE_DATE_EPOCH`` (reproducible builds); else today 00:00 UTC."""
    epoch = source_date_epoch(environ)
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    moment = _dt.datetime.now(tz=_dt.timezone.utc)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
