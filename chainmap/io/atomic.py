"""Atomic file output: write to a temporary name in the target folder, then rename.

An interrupted run never leaves a half-written file, and an existing file is only
replaced when the caller allows it (``--force`` on the command line: one rule for every
command that writes). Without ``overwrite`` the target is claimed atomically: a file is
linked into place (``os.link`` fails when the name exists), a folder is guarded by a lock
file created with ``O_EXCL`` beside it (:func:`claim`), so of two processes writing the same
target exactly one succeeds and the other gets one clear error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from chainmap.errors import ChainmapError


def exists_message(target: Path) -> str:
    return f"{target} exists; pass --force to overwrite it"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def claim(target: str | Path) -> Iterator[Path]:
    """Hold ``.<name>.lock`` beside ``target`` while writing it (created with ``O_EXCL``).

    A lock left by a process that no longer runs is taken over.

    Raises
    ------
    ChainmapError
        Another running chainmap process holds the lock.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(f".{target.name}.lock")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and not _pid_alive(pid):
                lock.unlink(missing_ok=True)  # stale: its process is gone
                continue
            msg = (
                f"{target} is being written by another chainmap process (lock {lock}); "
                "wait for it to finish, or choose another output"
            )
            raise ChainmapError(msg) from None
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()}\n")
        break
    else:  # pragma: no cover - a second stale lock appeared between two tries
        msg = f"cannot lock {target} ({lock})"
        raise ChainmapError(msg)
    try:
        yield lock
    finally:
        lock.unlink(missing_ok=True)


def check_writable(target: str | Path, *, overwrite: bool) -> None:
    """Fail early (before any work) when ``target`` exists and may not be replaced.

    A non-empty folder or any file counts as existing; the final write checks again,
    atomically.
    """
    target = Path(target)
    if overwrite or not target.exists():
        return
    if target.is_dir() and not any(target.iterdir()):
        return
    raise ChainmapError(exists_message(target))


@contextlib.contextmanager
def atomic_path(target: str | Path, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    Parameters
    ----------
    target : path
        Final file name.
    overwrite : bool
        When False, an existing ``target`` is an error (nothing is written).

    Raises
    ------
    ChainmapError
        ``target`` exists and ``overwrite`` is False.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "a.txt").read_text()
    'done'
    """
    target = Path(target)
    if target.exists() and not overwrite:
        raise ChainmapError(exists_message(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp creates the file 0600; give the result the mode a plain open() would
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o666 & ~umask)
    try:
        yield tmp
        if overwrite:
            os.replace(tmp, target)
        else:
            try:  # create-exclusive: fails if another process wrote the target meanwhile
                os.link(tmp, target)
            except FileExistsError:
                raise ChainmapError(exists_message(target)) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(target: str | Path, text: str, *, overwrite: bool = True) -> Path:
    """Write UTF-8 text to ``target`` atomically and return the path."""
    with atomic_path(target, overwrite=overwrite) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_with(
    target: str | Path, writer: Callable[[Path], object], *, overwrite: bool = True
) -> Path:
    """Call ``writer(tmp_path)`` and atomically move the result onto ``target``."""
    with atomic_path(target, overwrite=overwrite) as tmp:
        writer(tmp)
    return Path(target)
