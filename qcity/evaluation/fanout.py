"""Using a second core for work that splits into independent items.

``map_halves(func, items)`` is ``[func(x) for x in items]``; when the list is
long enough and the machine has two cores, a forked child does the second
half and sends its results back pickled.  Anything going wrong in the child
(an exception, a crash, a short answer) makes the parent do that half itself,
so the result never depends on whether the split happened.

``stream_halves`` does the same for work that also writes text a city at a
time (a report's section of a JSON, CSV or HTML file): the parent writes its
half's texts as it goes, the child writes its half's into a temporary file,
and the parent copies that file after its own half, so the output is in item
order and no process holds more than one item's text.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
from typing import Callable, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 64  # below this, starting a process costs more than it saves


def _split(items: list, min_items: int) -> bool:
    return len(items) >= min_items and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


def map_halves(func: Callable[[T], R], items: Sequence[T],
               min_items: int = MIN_ITEMS) -> list[R]:
    items = list(items)
    if not _split(items, min_items):
        return [func(item) for item in items]
    return _halves(lambda item, _: func(item), items, None)


def stream_halves(func: Callable[[T], tuple[R, str]], items: Sequence[T],
                  write: Callable[[str], None], write_bytes: Callable[[bytes], None],
                  min_items: int = MIN_ITEMS) -> list[R]:
    """``func(item) -> (result, text)`` for every item: each text is written, in item
    order, with ``write`` (the child's half arrives as UTF-8 through ``write_bytes``);
    the results are returned in item order."""
    items = list(items)

    def run(item, sink: Optional[Callable[[str], None]]):
        result, text = func(item)
        (sink or write)(text)
        return result

    if not _split(items, min_items):
        return [run(item, None) for item in items]
    spool = tempfile.TemporaryFile()  # the child's texts (on disk, not in memory)
    try:
        return _halves(run, items, spool, write_bytes)
    finally:
        spool.close()


def _halves(run, items: list, spool, write_bytes=None) -> list:
    """``run(item, sink)`` over ``items``: the second half in a forked child whose
    texts (when ``spool`` is a file) go to ``spool``; the parent copies them after its
    own half.  A child that fails is replaced by the parent doing its half itself."""
    half = len(items) // 2
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
        os.close(read_fd)
        status = 0
        try:
            sink = None if spool is None else (lambda text: spool.write(text.encode("utf-8")))
            results = []
            for item in items[half:]:
                if os.getppid() != parent:  # the parent was killed: nobody waits for this
                    os._exit(1)
                results.append(run(item, sink))
            if spool is not None:
                spool.flush()
            with os.fdopen(write_fd, "wb") as out:
                pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - any failure: the parent does it instead
            status = 1
        os._exit(status)
    os.close(write_fd)
    try:
        first = [run(item, None) for item in items[:half]]
    except BaseException:  # Ctrl-C, SIGTERM, an error: the child must not go on alone
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        with os.fdopen(read_fd, "rb") as answer:
            try:
                second = pickle.load(answer)
            except Exception:  # noqa: BLE001 - a child that died sends nothing
                second = None
        _, status = os.waitpid(pid, 0)
    if status != 0 or not isinstance(second, list) or len(second) != len(items) - half:
        return first + [run(item, None) for item in items[half:]]
    if spool is not None:
        spool.seek(0)
        for block in iter(lambda: spool.read(1 << 20), b""):
            write_bytes(block)
    return first + second
