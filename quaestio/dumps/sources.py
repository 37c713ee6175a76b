"""Where a dump comes from: a folder of the eight files, a site's ``.7z`` archive, or one file.

An archive is never unpacked whole: each member is extracted to a temporary folder when the
loader reaches it and deleted when it is done, so the disk holds at most one file at a time.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from quaestio.dumps.schema import BY_FILE, TABLES


class SourceError(Exception):
    """The path given is not something a dump can be read from."""


@dataclass
class DumpSource:
    """The files of one dump, by their official names (``Posts.xml``), and what is missing."""

    description: str
    key: str
    files: dict[str, str]
    missing: list[str]
    archive: Path | None = None
    _extracted: dict[str, Path] = field(default_factory=dict)
    _tempdir: Path | None = None

    def size(self, name: str) -> int:
        """The file's size in bytes (for the progress bar), once it is on disk."""
        return self.path(name).stat().st_size

    def path(self, name: str) -> Path:
        """The file on disk, extracting it from the archive first if need be."""
        if self.archive is None:
            return Path(self.files[name])
        if name not in self._extracted:
            import py7zr

            if self._tempdir is None:
                self._tempdir = Path(tempfile.mkdtemp(prefix="quaestio-dump-"))
            member = self.files[name]
            with py7zr.SevenZipFile(self.archive, mode="r") as archive:
                archive.extract(path=self._tempdir, targets=[member])
            self._extracted[name] = self._tempdir / member
        return self._extracted[name]

    def release(self, name: str) -> None:
        """Delete an extracted member once the loader is done with it."""
        extracted = self._extracted.pop(name, None)
        if extracted is not None:
            extracted.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove everything extracted."""
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None
            self._extracted.clear()


def _key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def resolve_source(path: Path) -> DumpSource:
    """Find the dump's files at ``path``; raises ``SourceError`` with a sentence if there are none."""
    if not path.exists():
        raise SourceError(f"{path} does not exist.")
    official = [table.file for table in TABLES]
    if path.is_dir():
        found = {child.name.lower(): child for child in path.iterdir() if child.is_file()}
        files = {name: str(found[name.lower()]) for name in official if name.lower() in found}
        if not files:
            raise SourceError(f"{path} holds none of the dump's files ({', '.join(official)}).")
        sizes = [(name, Path(files[name]).stat().st_size) for name in sorted(files)]
        return DumpSource(
            description=str(path),
            key=_key(path.resolve(), sizes),
            files=files,
            missing=[name for name in official if name not in files],
        )
    if path.suffix.lower() == ".7z":
        import py7zr

        try:
            with py7zr.SevenZipFile(path, mode="r") as archive:
                members = [info.filename for info in archive.list() if not info.is_directory]
        except (py7zr.exceptions.Bad7zFile, OSError) as error:
            raise SourceError(f"{path} is not a readable 7z archive ({error}).") from None
        by_name = {PurePosixPath(member).name.lower(): member for member in members}
        files = {name: by_name[name.lower()] for name in official if name.lower() in by_name}
        if not files:
            raise SourceError(f"The archive {path} holds none of the dump's files.")
        return DumpSource(
            description=str(path),
            key=_key(path.resolve(), path.stat().st_size),
            files=files,
            missing=[name for name in official if name not in files],
            archive=path,
        )
    table = BY_FILE.get(path.name.lower())
    if table is None:
        raise SourceError(
            f"{path.name} is not a dump file: give a folder, a .7z archive or one of {', '.join(official)}."
        )
    return DumpSource(
        description=str(path),
        key=_key(path.resolve(), path.stat().st_size),
        files={table.file: str(path)},
        missing=[],
    )


@contextmanager
def opened(path: Path) -> Iterator[DumpSource]:
    """``resolve_source`` that cleans up extracted files afterwards."""
    source = resolve_source(path)
    try:
        yield source
    finally:
        source.close()
