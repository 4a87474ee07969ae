"""Which code built a public answer: a digest of the project's own source, templates and
static files.

Stored answers (``sitewide.stored``) and the shared cache keep a page until the next
publication. A deployment changes pages too (a template, a sentence, a stylesheet's
name) without publishing anything, so each answer is kept with the code that built it,
and a new deployment reads none of the old: every instance of it computes the same digest
from the same files, with no step for whoever deploys to remember.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

# What a page is made from; data files (the police's CSVs) are read at import, not here.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".css", ".js", ".svg"}


def _source_folders() -> list[Path]:
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(config.path).resolve() for config in apps.get_app_configs()]
    folders += [
        Path(folder).resolve() for engine in settings.TEMPLATES for folder in engine["DIRS"]
    ]
    folders += [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    folders.append(Path(importlib.import_module(settings.ROOT_URLCONF).__file__).parent.resolve())
    # The project's own, not the libraries' (their versions are pinned in pyproject.toml),
    # even when the virtual environment is inside the project's folder.
    libraries = Path(sys.prefix).resolve()
    return sorted(
        {f for f in folders if f.is_relative_to(base) and not f.is_relative_to(libraries)}
    )


@functools.cache
def code_version() -> str:
    """Sixteen hex digits, the same on every instance running the same files."""
    digest = hashlib.sha256()
    for folder in _source_folders():
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    # The pinned libraries: a new version of one can change what a page says.
    if (pins := Path(settings.BASE_DIR) / "pyproject.toml").is_file():
        digest.update(pins.read_bytes())
    return digest.hexdigest()[:16]
