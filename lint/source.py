"""Reading article files, and writing fixed text back without ever half-writing.

A file is read as bytes and decoded as UTF-8 (with or without a BOM). Its BOM and
newline style are recorded so that a fix writes back the same encoding and line
ends. Anything that is not UTF-8 text is a :class:`SourceError` naming the file
and the first offending byte; the caller reports it and goes on with other files.
"""
from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from typing import Optional

BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes; larger files are skipped with a warning


class SourceError(Exception):
    """A file that cannot be linted; ``str()`` is the one-line reason."""

    def __init__(self, path: str, reason: str, skipped: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.skipped = skipped  # a warning (over the size limit), not a failure


@dataclass
class Source:
    path: str
    text: str  # with "\n" line ends when the file used "\r\n" throughout
    raw: bytes  # the bytes as read, to detect a change before writing a fix
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        data = text.encode("utf-8")
        return BOM + data if self.bom else data


def decode(data: bytes, path: str) -> Source:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(path, "UTF-16 text (byte-order mark); scrapelint reads UTF-8: convert it with iconv")
    nul = data.find(b"\x00")
    if nul != -1:
        raise SourceError(path, f"binary file (NUL byte at offset {nul}); skipped")
    bom = data.startswith(BOM)
    body = data[len(BOM):] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM) if bom else 0)
        raise SourceError(path, f"not valid UTF-8: byte 0x{data[offset]:02x} at offset {offset}") from None
    newline = "\n"
    crlf = text.count("\r\n")
    # Only a file that uses CRLF throughout is normalised: a mixed file is kept as it
    # is, so that a fix never rewrites line ends it did not touch.
    if crlf and crlf == text.count("\n"):
        newline = "\r\n"
        text = text.replace("\r\n", "\n")
    return Source(path, text, data, bom, newline)


def read_source(path: str, max_size: Optional[int] = DEFAULT_MAX_FILE_SIZE) -> Source:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(path, "not a regular file; skipped")
        if max_size is not None and info.st_size > max_size:
            raise SourceError(
                path, f"{info.st_size} bytes is over the size limit of {max_size} (see --max-file-size); skipped",
                skipped=True)
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SourceError(path, exc.strerror or str(exc)) from None
    if not data:
        raise SourceError(path, "empty file")
    return decode(data, path)


def write_atomically(source: Source, text: str) -> None:
    """Write ``text`` over ``source.path`` through a temporary file in the same folder
    and a rename, so that an interrupted run leaves the old or the new file, never a
    partial one. Refuses (SourceError) when the file changed since it was read."""
    path = source.path
    data = source.encode(text)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        handle, temp_path = tempfile.mkstemp(prefix=".scrapelint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SourceError(path, f"cannot write the fix: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_path, mode)
        with open(path, "rb") as current:
            if current.read() != source.raw:
                raise SourceError(path, "changed on disk while it was being fixed; left as it is")
        os.replace(temp_path, path)
    except OSError as exc:
        _remove_quietly(temp_path)
        raise SourceError(path, f"cannot write the fix: {exc.strerror or exc}") from None
    except BaseException:
        _remove_quietly(temp_path)
        raise


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
