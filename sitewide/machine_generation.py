"""The publication generation for the embedded default, where each process caches in its
own memory: a token in a small file that every process on the machine reads.

With Redis the generation is a number in the shared cache (sitewide.cache). Without it,
a number in one process's memory cannot tell the web process that a command or the job
worker published, so the token lives in a file beside the other processes instead,
named after the database they share: reading it costs a file read, not a query, and it
keeps working while the database is down. Each publication writes a new random token,
never an earlier one, so a page cached under an old token can never become current again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import tempfile
from pathlib import Path

from django.db import connection

logger = logging.getLogger(__name__)

FOLDER = Path(tempfile.gettempdir()) / "local-policing-summaries"


def _path() -> Path:
    """One file per database (the test databases of parallel runs included)."""
    db = connection.settings_dict
    identity = "|".join(str(db.get(k) or "") for k in ("ENGINE", "HOST", "PORT", "NAME"))
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(db["NAME"]):
        identity += f"|{os.getpid()}"  # a database in memory is this process's alone
    return FOLDER / f"publication-{hashlib.sha256(identity.encode()).hexdigest()[:24]}"


def current() -> str:
    path = _path()
    try:
        return path.read_text() or renew()
    except FileNotFoundError:
        return renew()


def renew() -> str:
    """A new token, written whole (another process reads the old one or the new one)."""
    token = secrets.token_hex(16)
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    partial.write_text(token)
    os.replace(partial, path)
    return token
