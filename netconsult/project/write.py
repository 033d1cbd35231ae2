"""Writing into a project folder: atomically, and never over a user's file without force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from netconsult.errors import UsageError


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename, so a crash leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, content: str | bytes, *, force: bool = False,
              shown: str | None = None) -> bool:
    """Write a file the user may own: refuse to replace it unless `force`. True if replaced."""
    exists = path.exists()
    if exists and not force:
        raise UsageError.at(shown or str(path), "file exists; not overwriting it",
                            hint="pass --force to replace it")
    if path.is_dir():
        raise UsageError.at(shown or str(path), "a folder is in the way of this file")
    write_atomic(path, content)
    return exists
