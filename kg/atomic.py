"""Write several files so that together they are either the old versions or the whole new ones.

Every file is written and synced under a temporary name first. Then a commit
record (``.kg-commit.PID.json``: which temporary file becomes which name) is
put in place with one rename, and the temporary files are renamed over their
names. A kill before the commit record leaves the old files (and temporaries,
removed by the next write); a kill after it leaves a commit that
:func:`recover`, run by the next kg command on the directory, finishes, so the
directory never stays a mix of old and new outputs.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from kg.errors import OutputError

__all__ = ["recover", "write_files_atomically"]

_COMMIT = ".kg-commit."


def _file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (mkstemp uses 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


def write_files_atomically(directory: str | os.PathLike[str], files: Mapping[str, Iterable[str | bytes]],
                           leftovers_of: Iterable[str] = ()) -> list[Path]:
    """Write every file to a temporary name in ``directory``, then rename them all.

    Temporary files a killed writer left are removed first: those of the files written, and of
    ``leftovers_of`` (outputs of the same command that this run does not write).

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
    recover(target)
    for name in {*files, *leftovers_of}:
        _remove_orphans(target, name)
    staged: list[tuple[str, Path]] = []
    try:
        for name, chunks in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=".tmp", dir=target)
            staged.append((tmp, target / name))
            os.chmod(tmp, _FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:  # text, or UTF-8 already (orjson's output, not decoded to be encoded again)
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
        for _, final in staged:
            if os.path.lexists(final) and not final.is_file():
                raise OutputError(f"{final} exists and is not a file; move it away or choose another -o")
        commit = _write_commit(target, staged) if len(staged) > 1 else None  # one rename is atomic by itself
        try:
            _swap_in(staged)  # on an error it puts the old files back
        finally:
            if commit is not None:
                os.unlink(commit)
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror}; previous outputs were left as they were") from None
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [final for _, final in staged]


def _write_commit(target: Path, staged: list[tuple[str, Path]]) -> Path:
    """Put the commit record in place (written, synced, renamed): from here on the new files are the outputs."""
    commit = target / f"{_COMMIT}{os.getpid()}.json"
    record = [[Path(tmp).name, final.name] for tmp, final in staged]
    fd, tmp = tempfile.mkstemp(prefix=f"{_COMMIT}{os.getpid()}.", suffix=".tmp", dir=target)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, commit)
    _sync_directory(target)
    return commit


def _sync_directory(target: Path) -> None:
    """Make the renames in ``target`` durable (a crash of the machine, not only of kg)."""
    try:
        fd = os.open(target, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory
    finally:
        os.close(fd)


def recover(directory: str | os.PathLike[str]) -> bool:
    """Finish the writes a killed kg committed in ``directory`` but did not rename all of; True if there were any.

    Run before any kg command reads or writes an output directory. A write
    still running (its process alive) is left alone; a directory kg cannot
    write to is left as it is.
    """
    target = Path(directory)
    finished = False
    for partial in target.glob(f"{_COMMIT}*.tmp"):  # a commit record killed while it was written: never in force
        pid = partial.name[len(_COMMIT) :].split(".", 1)[0]
        if not (pid.isdigit() and _alive(int(pid))):
            try:
                partial.unlink()
            except OSError:
                pass
    for commit in sorted(target.glob(f"{_COMMIT}*.json")):
        pid = commit.name[len(_COMMIT) :].split(".", 1)[0]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        try:
            pairs = json.loads(commit.read_text(encoding="utf-8"))
            for tmp, name in pairs:
                if (target / tmp).exists():
                    os.replace(target / tmp, target / name)
            for tmp, _ in pairs:
                (target / f"{tmp}.old").unlink(missing_ok=True)  # the old file's hard link, kept for a rollback
            commit.unlink()
        except (OSError, ValueError, TypeError):
            continue  # unreadable or not ours to finish: the next write replaces the files anyway
        finished = True
    if finished:
        _sync_directory(target)
    return finished


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
