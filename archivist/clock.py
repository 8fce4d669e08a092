"""The one clock archivist reads: ``SOURCE_DATE_EPOCH`` when set, else today (UTC)."""
from __future__ import annotations

import datetime as _dt
import os


def now() -> _dt.datetime:
    """The build time, honouring ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    moment = _dt.datetime.now(tz=_dt.timezone.utc)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def today() -> str:
    """The build date as ``YYYY-MM-DD``."""
    return now().date().isoformat()
