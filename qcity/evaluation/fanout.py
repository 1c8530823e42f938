"""Using a second core for work that splits into independent items.

``map_halves(func, items)`` is ``[func(x) for x in items]``; when the list is
long enough and the machine has two cores, a forked child does the second
half and sends its results back pickled.  Anything going wrong in the child
(an exception, a crash, a short answer) makes the parent do that half itself,
so the result never depends on whether the split happened.
"""

from __future__ import annotations

import os
import pickle
import signal
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 64  # below this, starting a process costs more than it saves


def map_halves(func: Callable[[T], R], items: Sequence[T],
               min_items: int = MIN_ITEMS) -> list[R]:
    items = list(items)
    if len(items) < min_items or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return [func(item) for item in items]
    half = len(items) // 2
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
        os.close(read_fd)
        status = 0
        try:
            results = []
            for item in items[half:]:
                if os.getppid() != parent:  # the parent was killed: nobody waits for this
                    os._exit(1)
                results.append(func(item))
            with os.fdopen(write_fd, "wb") as out:
                pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - any failure: the parent does it instead
            status = 1
        os._exit(status)
    os.close(write_fd)
    try:
        first = [func(item) for item in items[:half]]
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
        second = [func(item) for item in items[half:]]
    return first + second
