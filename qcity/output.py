"""Writing report files: atomically where that is safe, directly where it must be.

- A regular file, or a name not taken yet, gets a temporary file in the same
  folder that is renamed over it once complete: a reader sees the old report or
  the new one, never half.  The new file keeps the old one's permissions and,
  where the system allows, its owner and group.
- A symbolic link is followed: the file it points to is replaced, the link stays.
- A device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a pipe) is written
  directly: renaming over it would replace the device with a plain file.
- A file with several hard links is rewritten in place once the new content is
  complete, so every name sees the new report.
- A read-only file is not overwritten, and neither is an input of the run
  (:func:`check_target` with the files the command reads).
- A temporary file left by an interrupted write (an error, Ctrl-C, SIGTERM, which
  the command line turns into an exception) is removed.

Every refusal and every failure to write is a :class:`~qcity.errors.UsageError`
placed at the output's name: one line, exit 2.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from typing import Iterable, Optional

from qcity.errors import Location, UsageError


def check_target(path: str, inputs: Iterable[str] = ()) -> None:
    """Refuse at once (before any work) an output that cannot or must not be written:
    a folder that does not exist, a name too long, a read-only file, a directory, or
    one of ``inputs`` (the plan and data files of the run), by any name or link."""
    info = _stat(path)
    if info is None:
        folder = os.path.dirname(os.path.realpath(path))  # of a dangling link's target
        if not os.path.isdir(folder):
            raise _error(path, f"folder {_show(folder)} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise _error(path, f"folder {_show(folder)} is not writable")
        return
    if stat.S_ISDIR(info.st_mode):
        raise _error(path, "it is a folder")
    if not stat.S_ISREG(info.st_mode):
        return  # a device or FIFO: written directly, whatever it is
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise _error(path, "the file is read-only; refusing to overwrite it")
    for name in inputs:
        try:
            other = os.stat(name)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            raise _error(path, f"{name} is an input of this run; refusing to overwrite it")


@contextmanager
def atomic_stream(path: str, encoding: Optional[str] = "utf-8", binary: bool = False,
                  inputs: Iterable[str] = ()):
    """A text stream (bytes with ``binary``) whose content replaces ``path`` only when
    the block ends cleanly."""
    encoding = None if binary else encoding
    check_target(path, inputs)
    info = _stat(path)
    mode = ("w" if encoding else "wb", encoding, "" if encoding else None)
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:  # a device or FIFO (or a link to one, like /dev/stdout): written as it comes
            fh = open(path, mode[0], encoding=encoding, newline=mode[2])
        except OSError as exc:
            raise _failed(path, exc) from None
        with fh:
            yield _Guarded(fh, path)
        return
    target = os.path.realpath(path)  # a link is followed: its target is replaced
    try:
        fd, tmp = tempfile.mkstemp(prefix=".qcity-", suffix=".tmp", dir=os.path.dirname(target))
    except OSError as exc:
        raise _failed(path, exc) from None
    try:
        with os.fdopen(fd, mode[0], encoding=encoding, newline=mode[2]) as fh:
            yield _Guarded(fh, path)
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as exc:
                raise _failed(path, exc) from None
        try:
            if info is not None and info.st_nlink > 1:
                _rewrite_in_place(tmp, target)  # every hard link sees the new report
                os.unlink(tmp)
            else:
                _keep_owner_and_mode(tmp, info)
                os.replace(tmp, target)
        except OSError as exc:
            raise _failed(path, exc) from None
    except BaseException:  # an error, Ctrl-C or SIGTERM: no temporary file stays behind
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class _Guarded:
    """The output stream, whose write errors (a full disk) are placed usage errors."""

    def __init__(self, fh, path: str):
        self.fh, self.path = fh, path

    def write(self, data) -> int:
        try:
            return self.fh.write(data)
        except OSError as exc:
            raise _failed(self.path, exc) from None

    def __getattr__(self, name):
        return getattr(self.fh, name)


def write_atomic(path: str, text: str, encoding: str = "utf-8",
                 inputs: Iterable[str] = ()) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new, never half."""
    with atomic_stream(path, encoding, inputs=inputs) as fh:
        fh.write(text)


def write_atomic_bytes(path: str, data: bytes, inputs: Iterable[str] = ()) -> None:
    """:func:`write_atomic` for bytes: Word and Excel files are zip containers."""
    with atomic_stream(path, binary=True, inputs=inputs) as fh:
        fh.write(data)


def _stat(path: str):
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _failed(path, exc) from None


def _keep_owner_and_mode(tmp: str, info) -> None:
    if info is None:  # mkstemp makes 0600; a new report is an ordinary file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except OSError:  # only root may give a file away; the group may still be ours
            try:
                os.chown(tmp, -1, info.st_gid)
            except OSError:
                pass
    os.chmod(tmp, stat.S_IMODE(info.st_mode))


def _rewrite_in_place(tmp: str, target: str) -> None:
    with open(tmp, "rb") as src, open(target, "r+b") as dst:
        while True:
            block = src.read(1 << 20)
            if not block:
                break
            dst.write(block)
        dst.truncate()
        dst.flush()
        os.fsync(dst.fileno())


def _error(path: str, why: str) -> UsageError:
    return UsageError(f"cannot write the output: {why}", Location(path))


def _failed(path: str, exc: OSError) -> UsageError:
    why = {errno.ENOENT: "the folder does not exist", errno.ENAMETOOLONG: "the name is too long",
           errno.EACCES: "permission denied", errno.EROFS: "the file system is read-only",
           errno.ENOSPC: "no space left on the device", errno.EISDIR: "it is a folder"}
    return _error(path, why.get(exc.errno, exc.strerror or str(exc)))


def _show(folder: str) -> str:
    try:
        return os.path.relpath(folder)
    except ValueError:  # pragma: no cover - another drive on Windows
        return folder
