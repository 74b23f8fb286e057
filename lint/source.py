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
NOT_REGULAR = "not a regular file (a fifo, socket or device); skipped"


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
    # A fifo or a device is never opened; one put in the file's place between the
    # look and the opening is caught on the open descriptor (opened without blocking).
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise SourceError(path, NOT_REGULAR, skipped=True)
        with open(path, "rb", opener=_open_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise SourceError(path, NOT_REGULAR, skipped=True)
            if max_size is not None and info.st_size > max_size:
                raise SourceError(path, _over_limit(info.st_size, max_size), skipped=True)
            # Read what the file holds now, plus a byte to see it grew; a file that
            # grows while it is read is still read only up to the limit. (Asking
            # for the limit at once would allocate it for every file.)
            expected = info.st_size + 1 if max_size is None else min(info.st_size, max_size) + 1
            data = handle.read(expected)
            if len(data) == expected:
                more = handle.read() if max_size is None else handle.read(max_size + 1 - len(data))
                data += more
    except OSError as exc:
        raise SourceError(path, exc.strerror or str(exc)) from None
    if max_size is not None and len(data) > max_size:
        raise SourceError(path, _over_limit(len(data), max_size), skipped=True)
    if not data:
        raise SourceError(path, "empty file")
    return decode(data, path)


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _over_limit(size: int, max_size: int) -> str:
    return f"{size} bytes is over the size limit of {max_size} (see --max-file-size); skipped"


def write_atomically(source: Source, text: str) -> None:
    """Write ``text`` over ``source.path`` through a temporary file in the same folder
    and a rename, so that an interrupted run leaves the old or the new file, never a
    partial one. Refuses (SourceError) when the file changed since it was read, when it
    is gone, or when it is read-only. A symbolic link is kept: its target is written.
    The file's permission bits and, where allowed, its owner and group are kept."""
    path = source.path
    try:
        data = source.encode(text)
    except UnicodeEncodeError as exc:
        raise SourceError(path, f"cannot write the fix: the fixed text is not valid Unicode ({exc.reason})") from None
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        raise SourceError(path, "removed while it was being fixed; not written again") from None
    except OSError as exc:
        raise SourceError(path, f"cannot write the fix: {exc.strerror or exc}") from None
    mode = stat.S_IMODE(info.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise SourceError(path, "read-only file; the fix was not written")
    try:
        handle, temp_path = tempfile.mkstemp(prefix=".scrapelint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SourceError(path, f"cannot write the fix: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != _owner(temp_path):
            try:
                os.chown(temp_path, info.st_uid, info.st_gid)
            except OSError:
                pass  # not allowed to give the file away: it becomes the fixer's
        os.chmod(temp_path, mode)
        with open(target, "rb") as current:
            if current.read() != source.raw:
                raise SourceError(path, "changed on disk while it was being fixed; left as it is")
        os.replace(temp_path, target)
    except FileNotFoundError:
        _remove_quietly(temp_path)
        raise SourceError(path, "removed while it was being fixed; not written again") from None
    except OSError as exc:
        _remove_quietly(temp_path)
        raise SourceError(path, f"cannot write the fix: {exc.strerror or exc}") from None
    except BaseException:
        _remove_quietly(temp_path)
        raise


def _owner(path: str):
    info = os.stat(path)
    return info.st_uid, info.st_gid


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
