"""Write several files so that each is either the old version or the whole new one."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.errors import OutputError

__all__ = ["write_files_atomically"]


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (mkstemp uses 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_files_atomically(directory: str | os.PathLike[str], files: Mapping[str, Iterable[str]]) -> list[Path]:
    """Write every file to a temporary name in ``directory``, then rename them all.

    Renames happen only after every file is fully written and synced, so an
    error or a kill while writing leaves the previous files untouched and no
    half-written file behind. If a rename fails part-way, the files already
    replaced are put back from hard-linked copies of the old ones, so the
    directory never mixes old and new outputs.
    """
    target = Path(directory)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create output directory {target}: {error.strerror}") from None
    if not target.is_dir():
        raise OutputError(f"{target} exists and is not a directory; choose another -o")
    for name in files:
        _remove_orphans(target, name)
    staged: list[tuple[str, Path]] = []
    try:
        for name, chunks in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=target)
            staged.append((tmp, target / name))
            os.chmod(tmp, _FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
        for _, final in staged:
            if os.path.lexists(final) and not final.is_file():
                raise OutputError(f"{final} exists and is not a file; move it away or choose another -o")
        _swap_in(staged)
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror}; previous outputs were left as they were") from None
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [final for _, final in staged]


def _remove_orphans(target: Path, name: str) -> None:
    """Delete temporary files of ``name`` that a killed writer left (its process id, in the name, is gone).

    A writer still running keeps its own; files of an older kg (no process id) are orphans too.
    """
    for leftover in target.glob(f".{glob.escape(name)}.*.tmp*"):
        pid = leftover.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        try:
            leftover.unlink()
        except OSError:
            pass  # another run removed it, or it is not ours to remove: the write goes on


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _swap_in(staged: list[tuple[str, Path]]) -> None:
    """Rename each temporary file over its final name; on failure, restore the old files."""
    backups: list[tuple[str, Path]] = []
    replaced: list[Path] = []
    try:
        for tmp, final in staged:
            if final.exists():
                backup = f"{tmp}.old"
                os.link(final, backup)
                backups.append((backup, final))
        for tmp, final in staged:
            os.replace(tmp, final)
            replaced.append(final)
    except OSError:
        for backup, final in backups:
            if final in replaced:
                os.replace(backup, final)
        for final in replaced:
            if not any(final == f for _, f in backups) and final.exists():
                final.unlink()  # it did not exist before this write
        raise
    finally:
        for backup, _ in backups:
            if os.path.exists(backup):
                os.unlink(backup)
