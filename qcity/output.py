"""Writing report files atomically: a temporary file renamed over the target."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager


@contextmanager
def atomic_stream(path: str, encoding: str = "utf-8", binary: bool = False):
    """A text stream (bytes with ``binary``) whose content replaces ``path`` only when
    the block ends cleanly."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".qcity-", suffix=".tmp", dir=folder)
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding=encoding, newline="")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _mode_for(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new, never half."""
    with atomic_stream(path, encoding) as fh:
        fh.write(text)


def write_atomic_bytes(path: str, data: bytes) -> None:
    """:func:`write_atomic` for bytes: Word and Excel files are zip containers."""
    with atomic_stream(path, binary=True) as fh:
        fh.write(data)
