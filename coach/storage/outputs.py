"""The one guard every file the app writes on request goes through (`--out`, save dialogs).

A person may type any path: the live database, a device node, a folder, a parent that does not exist.
`guarded_file` refuses those with one plain sentence before anything is written, writes to a private
temporary file beside the target and renames it into place only once the writer has finished, so a
half-written output never carries the name and a failure leaves nothing behind. `guarded_folder` does the
same for outputs that are a folder of files (CSV export).
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.domain.errors import CoachError


class OutputError(CoachError):
    """An output path that cannot be used; the message says why in one sentence."""


def _absolute(target: Path) -> Path:
    """`target` with its folder resolved (symlinks followed) but its own name kept as typed."""
    target = Path(os.path.expanduser(target))
    if not target.name or target.name in (".", ".."):
        raise OutputError(f"{target} is not a file name")
    return Path(os.path.abspath(target.parent)).resolve() / target.name


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output(target: Path, data_dir: Path, *, folder: bool = False) -> Path:
    """Check that `target` may be written and return it as an absolute path.

    Refused with OutputError: a path inside `data_dir` (the app's own data, where an output could replace
    the live database), an existing device node, fifo or socket, an existing folder (for a file) or file
    (for a folder), and a parent folder that does not exist (nothing is created on the way).
    """
    final = _absolute(target)
    data_root = Path(os.path.abspath(data_dir)).resolve()
    # Follow a symlink at the target itself too: writing "through" it must not reach the data folder.
    real = final.resolve()
    if _inside(final, data_root) or _inside(real, data_root):
        raise OutputError(
            f"{target} is inside the app's data folder ({data_root}); choose another place, e.g. your Documents"
        )
    if not final.parent.is_dir():
        raise OutputError(f"the folder {final.parent} does not exist; create it first or choose another")
    try:
        info = os.stat(final)
    except FileNotFoundError:
        return final
    except OSError as exc:
        raise OutputError(f"{target} cannot be used ({exc.strerror})") from None
    if folder:
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{target} is a file; this export needs a folder")
    elif stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target} is a folder; give a file name inside it")
    elif not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{target} is not a regular file (a device or pipe); choose a file name")
    return final


def _temp_beside(final: Path) -> Path:
    """A new, empty, owner-only file next to `final` with the same suffix (writers that look at it)."""
    for _ in range(10):
        tmp = final.with_name(f".{final.stem}.{secrets.token_hex(4)}.partial{final.suffix}")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot write in {final.parent} ({exc.strerror})") from None
        os.close(fd)
        return tmp
    raise OutputError(f"cannot make a temporary file in {final.parent}")


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


@contextmanager
def guarded_file(target: Path, data_dir: Path) -> Iterator[Path]:
    """Yield a temporary path to write instead of `target`; on success it is renamed to `target` (0600).

    The checks of `check_output` run first and again just before the rename (the place may have changed
    while a long report was written). On any exception the temporary file is removed and the exception
    propagates; `target` is then untouched.
    """
    final = check_output(target, data_dir)
    tmp = _temp_beside(final)
    try:
        yield tmp
        if not tmp.is_file():
            raise OutputError(f"nothing was written to {target}")
        check_output(final, data_dir)
        os.chmod(tmp, 0o600)
        os.replace(tmp, final)
    except BaseException:
        _remove(tmp)
        raise


@contextmanager
def guarded_folder(target: Path, data_dir: Path) -> Iterator[Path]:
    """Yield a private temporary folder; on success its files move into `target` (created 0700 if new).

    Files already in `target` with other names are left alone; one with the same name is replaced only
    if it is a regular file. On failure the temporary folder is removed and `target` is untouched.
    """
    final = check_output(target, data_dir, folder=True)
    try:
        tmp = Path(final.parent / f".{final.name}.{secrets.token_hex(4)}.partial")
        tmp.mkdir(mode=0o700)
    except OSError as exc:
        raise OutputError(f"cannot write in {final.parent} ({exc.strerror})") from None
    try:
        yield tmp
        produced = sorted(p for p in tmp.iterdir() if p.is_file())
        if final.is_dir():
            for item in produced:
                check_output(final / item.name, data_dir)
        if not final.exists():
            final.mkdir(mode=0o700)
        for item in produced:
            os.chmod(item, 0o600)
            os.replace(item, final / item.name)
    finally:
        _remove(tmp)
