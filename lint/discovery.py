"""Finding the files to lint from the paths on the command line.

Folders are searched recursively for files that match ``include`` and not
``exclude``. Symbolic links to folders are not followed (that is how loops are
avoided), and a linked file is taken only when its target lies inside the folder
being searched. Paths given by name are always taken, unless excluded.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import List

from lint.config import Settings, glob_matcher, relative_path


@dataclass
class Discovery:
    files: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # one line each, naming the path
    warnings: List[str] = field(default_factory=list)


def discover(paths: List[str], settings: Settings) -> Discovery:
    found = Discovery()
    seen = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for path in paths:
        if not os.path.lexists(path):
            found.errors.append(f"{path}: no such file or folder")
        elif os.path.isdir(path):
            for file_path in _walk(path, settings, found):
                add(file_path)
        elif not _excluded(path, settings):
            add(path)
    return found


def _excluded(path: str, settings: Settings) -> bool:
    return glob_matcher(tuple(settings.exclude))(relative_path(path, settings.root))


def _included(name: str, settings: Settings) -> bool:
    return glob_matcher(tuple(settings.include))(name)


def _walk(top: str, settings: Settings, found: Discovery) -> List[str]:
    """The included files under ``top``, folder by folder in name order (as a
    top-down ``os.walk``, but without recursion, so that no depth of nesting is
    too deep)."""
    files: List[str] = []
    root_real = os.path.realpath(top)
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            found.errors.append(f"{error.filename or folder}: {error.strerror or error}")
            continue
        folders, names = [], []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                names.append(entry.name)
            elif not entry.is_symlink():  # a linked folder is never entered: no loops
                folders.append(entry.name)
        for name in sorted(names):
            path = os.path.join(folder, name)
            if not _included(name, settings) or _excluded(path, settings):
                continue
            try:
                info = os.lstat(path)
                if stat.S_ISLNK(info.st_mode):
                    target = os.path.realpath(path)
                    if os.path.commonpath([root_real, target]) != root_real:
                        found.warnings.append(f"{path}: link to a file outside {top}; skipped")
                        continue
                    info = os.stat(path)
            except OSError as exc:
                found.errors.append(f"{path}: {exc.strerror or exc}")
                continue
            if stat.S_ISREG(info.st_mode):
                files.append(path)
            # fifos, sockets and devices found in a folder are skipped silently
        subfolders = sorted(d for d in folders if not _excluded(os.path.join(folder, d), settings))
        pending.extend(os.path.join(folder, d) for d in reversed(subfolders))
    return files
