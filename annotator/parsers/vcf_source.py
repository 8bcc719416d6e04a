"""The text of a VCF: plain, plain gzip or BGZF, read once as header and numbered record lines.

Every backend (:mod:`annotator.parsers.vcf_backends`) and the passenger fast path read the
record lines this module hands out, so line numbers, CRLF, blank lines and truncated gzip
streams are treated the same whatever decodes the records:

* compression is told from the magic bytes (BGZF: gzip with the ``BC`` extra subfield), never
  the file name; both gzip kinds are inflated by Python (``isal`` when installed, which is about
  twice as fast as ``zlib``), the records in a background thread, so inflating overlaps with
  parsing; record lines are handed out as bytes, a few MB at a time (``Block``);
* a UTF-8 byte-order mark and CRLF line ends are dropped; blank lines are skipped (htslib would
  stop at them, a trailing one included) but counted, so line N is still line N of the file;
* a ``#`` line among the records, a gzip stream that ends early and a BGZF file without its
  end-of-file block are reported with the file and the last good line.
"""

from __future__ import annotations

import gzip
import io
import queue
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, NamedTuple, cast

from annotator.errors import InputFormatError

_gzip_file: type[gzip.GzipFile] = gzip.GzipFile
INFLATE_ERRORS: tuple[type[BaseException], ...] = (zlib.error,)
try:  # a faster inflater with the gzip module's interface, used where it is installed
    from isal import igzip, isal_zlib

    _gzip_file = igzip.IGzipFile
    INFLATE_ERRORS = (zlib.error, cast(type[BaseException], isal_zlib.error))
except ImportError:  # pragma: no cover - depends on the installation
    pass

Compression = Literal["plain", "gzip", "bgzf"]
FIXED_COLUMNS = ("CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT")
CHUNK = 1 << 22  # bytes asked of the inflater at a time, and handed from its thread
STEP = 1 << 15  # bytes asked at a time for the header, and after the stream broke
READ_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, *INFLATE_ERRORS)
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")


def compression(path: Path) -> Compression:
    """'plain', 'gzip' or 'bgzf' from the magic bytes (BGZF: FEXTRA with subfield 'BC')."""
    try:
        with path.open("rb") as fh:
            start = fh.read(18)
    except OSError as e:
        raise InputFormatError(path, f"cannot read the file ({e.strerror or e})") from e
    if start[:2] != b"\x1f\x8b":
        return "plain"
    return "bgzf" if len(start) >= 14 and start[3] & 4 and start[12:14] == b"BC" else "gzip"


def has_bgzf_eof(path: Path) -> bool:
    """Whether a BGZF file ends with the empty end-of-file block htslib writes last.

    Without it a file cut at a block boundary cannot be told from a complete one.
    """
    with path.open("rb") as fh:
        fh.seek(0, 2)
        if fh.tell() < len(BGZF_EOF):
            return False
        fh.seek(-len(BGZF_EOF), 2)
        return fh.read() == BGZF_EOF


class Window(io.RawIOBase):
    """A file's bytes from ``start`` up to ``stop`` (None: the end), as a gzip reader's input:
    a BGZF file read in two halves gives each reader its own window."""

    def __init__(self, path: Path, start: int = 0) -> None:
        self._file = path.open("rb", buffering=0)
        self._file.seek(start)
        self.stop: int | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.stop is not None:
            view = view[: max(0, self.stop - self._file.tell())]
        return self._file.readinto(view) or 0

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        self._file.close()
        super().close()


def open_bytes(path: Path, kind: Compression, start: int = 0) -> IO[bytes]:
    """The decompressed bytes of ``path`` (both gzip kinds are read as one gzip stream); from
    compressed byte ``start`` on, which must begin a BGZF block, for the second half of a file
    read by two processes (:mod:`~annotator.parsers.vcf_split`)."""
    try:
        if kind == "plain":
            return path.open("rb")
        raw = io.BufferedReader(Window(path, start))
        stream = _gzip_file(fileobj=raw, mode="rb")
        stream.myfileobj = raw  # type: ignore[assignment]  # closed with the stream
        return cast(IO[bytes], stream)
    except OSError as e:
        raise InputFormatError(path, f"cannot read the file ({e.strerror or e})") from e


def bgzf_blocks(path: Path, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
    """The inflated BGZF blocks from compressed byte ``start`` up to ``stop``, one at a time:
    where the file breaks, every block before the break is given, then the error is raised."""
    with path.open("rb") as fh:
        fh.seek(start)
        offset = start
        while stop is None or offset < stop:
            head = fh.read(18)
            if not head:
                return
            if len(head) == 18 and (head[:4] != b"\x1f\x8b\x08\x04" or head[12:14] != b"BC"):
                raise zlib.error(f"no BGZF block at byte {offset}")
            size = struct.unpack_from("<H", head, 16)[0] + 1 if len(head) == 18 else 0
            body = fh.read(size - 18) if size else b""
            if not size or len(body) < size - 18:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            yield zlib.decompress(head + body, 31)  # checks the CRC and length too
            offset += size


def broken(e: BaseException) -> str:
    """What a reading error means, for the message."""
    if isinstance(e, (EOFError, *INFLATE_ERRORS)) or "CRC" in str(e):
        return "gzip stream is truncated or corrupt"
    return "cannot read the file"


class _Pump:
    """Reads the rest of a stream in a thread, ``CHUNK`` bytes at a time; ``zlib`` and ``isal``
    release the GIL while inflating, so the next block is inflated while the caller parses this
    one.

    Large reads keep the thread's share of the GIL small (each read is one inflate call), but a
    read that meets a broken stream loses what it inflated before the break (isal's ``read1``
    inflates as much as asked before raising). So after an error the text is read again from
    the start by ``again``, which yields it in pieces up to the break (a BGZF file block by
    block, whatever the reads before were): the bytes already handed out are skipped, every
    line before the break is handed out, and the error names the last good record.
    """

    def __init__(self, stream: IO[bytes], done: int, again: Callable[[], Iterator[bytes]]) -> None:
        self._stream = stream
        self._done = done  # bytes read from the stream before
        self._again = again
        self._queue: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vcf-inflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            read1 = getattr(self._stream, "read1", self._stream.read)
            while not self._stop.is_set():
                part = read1(CHUNK)
                if not part:
                    self._put(None)
                    return
                self._put(part)
                self._done += len(part)
        except READ_ERRORS:
            self._put_until_broken()

    def _put_until_broken(self) -> None:
        """Hand out what reads before the stream breaks, then the error (or the end, if the
        second reading does not break)."""
        skip = self._done
        try:
            for piece in self._again():
                if self._stop.is_set():
                    return
                if skip >= len(piece):
                    skip -= len(piece)
                    continue
                self._put(piece[skip:])
                skip = 0
        except READ_ERRORS as e:
            self._put(e)
            return
        self._put(None)

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def get(self) -> bytes | None:
        """The next block; None at the end; the reading error, raised, if the stream broke."""
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True, slots=True)
class HeaderText:
    """The header lines (``##`` lines and the ``#CHROM`` line, without line ends)."""

    lines: tuple[str, ...]
    samples: tuple[str, ...]

    @property
    def count(self) -> int:
        """Lines up to and including ``#CHROM``: record lines are numbered from count + 1."""
        return len(self.lines)


class VcfText:
    """One pass over a VCF's text: ``header`` first, then ``blocks()`` of record lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = compression(path)
        self._start = 0  # compressed byte where reading starts
        self._stream = open_bytes(path, self.kind)
        self._read1 = getattr(self._stream, "read1", self._stream.read)
        self._pump: _Pump | None = None  # started by blocks(): the header is read here
        self._done = 0  # bytes read from the stream by this thread
        self._rest = b""  # bytes after the last complete line handed out
        self._eof = False
        self._stop: int | None = None  # see stop_at
        self.tail = b""  # with stop_at: the line that goes on after the stop
        self.line = 0  # number of the last line handed out
        try:
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise

    def can_stop_at(self, offset: int) -> bool:
        """Whether ``stop_at(offset)`` is possible: nothing read beyond it yet."""
        window = self._window()
        return self._pump is None and window is not None and window.tell() <= offset

    def stop_at(self, offset: int) -> None:
        """Read the records only up to compressed byte ``offset``, which begins a BGZF block
        (the rest is read by another process); the line that goes on after it is kept as
        ``tail``, not handed out."""
        window = self._window()
        if not self.can_stop_at(offset) or window is None:
            raise ValueError(f"cannot stop at byte {offset}")
        window.stop = self._stop = offset

    def _window(self) -> Window | None:
        raw = getattr(getattr(self._stream, "fileobj", None), "raw", None)  # see open_bytes
        return raw if isinstance(raw, Window) else None

    def __enter__(self) -> VcfText:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pump is not None:
            self._pump.close()
        self._stream.close()

    def _more(self) -> bool:
        """Append the next piece of the header's text to ``_rest``; False at the end."""
        if self._eof:
            return False
        try:
            block = self._read1(STEP)
        except READ_ERRORS as e:
            raise self._broken(e) from e
        if not block:
            self._eof = True
            return False
        self._done += len(block)
        self._rest += block
        return True

    def _next_block(self) -> bytes | None:
        """The next block of record text from the inflating thread; None at the end."""
        if self._eof:
            return None
        if self._pump is None:
            self._pump = _Pump(self._stream, self._done, self._again)
        try:
            block = self._pump.get()
        except READ_ERRORS as e:
            raise self._broken(e) from e
        if block is None:
            self._eof = True
        return block

    def _again(self) -> Iterator[bytes]:
        """The text from the start again, in pieces, up to where it breaks (see ``_Pump``)."""
        if self.kind == "bgzf":
            yield from bgzf_blocks(self.path, self._start, self._stop)
            return
        with open_bytes(self.path, self.kind) as again:
            read1 = getattr(again, "read1", again.read)
            while part := read1(STEP):
                yield part

    def _broken(self, e: BaseException) -> InputFormatError:
        header: HeaderText | None = getattr(self, "header", None)  # None while reading it
        where = (
            "inside the VCF header"
            if header is None
            else f"after record {max(self.line - header.count, 0)}"
        )
        return InputFormatError(self.path, f"{broken(e)} {where} ({e})", line=self.line)

    def _read_header(self) -> HeaderText:
        lines: list[str] = []
        at = 0  # where the next line starts in _rest (cut off once the header is read)
        while True:
            cut = self._rest.find(b"\n", at)
            while cut < 0 and self._more():
                cut = self._rest.find(b"\n", at)
            if cut < 0:
                if at == len(self._rest):
                    raise InputFormatError(
                        self.path, "the file ends before the '#CHROM' header line", line=self.line
                    )
                cut = len(self._rest)
            raw, at = self._rest[at:cut], cut + 1
            self.line += 1
            text = raw.decode("utf-8", "replace").rstrip("\r")
            if self.line == 1:
                text = text.removeprefix("\ufeff")
            lines.append(text)
            if text.startswith("#CHROM"):
                self._rest = self._rest[at:]
                return HeaderText(tuple(lines), tuple(self._check_columns(text)))
            if text.strip() and not text.startswith("#"):
                raise InputFormatError(
                    self.path, "record line before the '#CHROM' header line", line=self.line
                )

    def _check_columns(self, text: str) -> list[str]:
        """The sample names; say what is wrong with a ``#CHROM`` line."""
        columns = text.lstrip("#").split("\t")
        if tuple(columns[:8]) != FIXED_COLUMNS[:8] or columns[8:9] not in ([], ["FORMAT"]):
            raise InputFormatError(
                self.path,
                "the '#CHROM' line must hold the tab-separated columns "
                f"{' '.join(FIXED_COLUMNS[:8])} [FORMAT sample...], "
                f"got {' '.join(columns)[:120]!r}",
                line=self.line,
            )
        samples = columns[9:]
        repeated = sorted({s for s in samples if samples.count(s) > 1})
        if repeated:
            raise InputFormatError(
                self.path, f"sample name(s) repeated: {', '.join(repeated)}", line=self.line
            )
        return samples

    def blocks(self) -> Iterator[Block]:
        """The record lines in file order, a few MB at a time (see ``Block``)."""
        rest, self._rest = self._rest, b""
        cut = rest.rfind(b"\n")
        if cut >= 0:  # what came with the header's last block
            yield self._hand_out(rest[:cut])
            rest = rest[cut + 1 :]
        while (block := self._next_block()) is not None:
            cut = block.rfind(b"\n")
            if cut < 0:
                rest += block
                continue
            # one copy: the partial line left over and this block up to its last line end
            yield self._hand_out(b"".join((rest, memoryview(block)[:cut])))
            rest = block[cut + 1 :]
        if self._stop is not None:
            self.tail = rest  # it goes on after the stop
        elif rest:  # the last line, without its line end
            yield self._hand_out(rest)

    def _hand_out(self, text: bytes) -> Block:
        block = Block.of(self.line, text)
        self.line += len(block.lines)
        return block


class TailText(VcfText):
    """A BGZF file's text from a block boundary on (compressed byte ``start``), for the process
    that reads the second half: ``head``, the end of the line that began before the boundary,
    then ``blocks()`` of the following lines, numbered from 1."""

    def __init__(self, path: Path, start: int) -> None:
        self.path = path
        self.kind = "bgzf"
        self._start = start
        self._stream = open_bytes(path, self.kind, start)
        self._read1 = getattr(self._stream, "read1", self._stream.read)
        self._pump = None
        self._done = 0
        self._rest = b""
        self._eof = False
        self._stop = None
        self.tail = b""
        self.line = 0
        try:
            cut = self._rest.find(b"\n")
            while cut < 0 and self._more():
                cut = self._rest.find(b"\n")
            if cut < 0:
                cut = len(self._rest)
            self.head, self._rest = self._rest[:cut], self._rest[cut + 1 :]
        except BaseException:
            self.close()
            raise


class Block(NamedTuple):
    """Record lines as bytes: most are only counted, never decoded.

    ``text`` holds whole lines joined by ``\\n`` (none after the last), CR line ends dropped;
    ``lines`` is ``text`` split; blank lines are kept so that line ``start + 1 + i`` is
    ``lines[i]`` (the reader skips them)."""

    start: int  # number of the line before the first
    text: bytes
    lines: list[bytes]

    @classmethod
    def of(cls, start: int, text: bytes) -> Block:
        if b"\r" in text:
            text = text.replace(b"\r\n", b"\n").removesuffix(b"\r")
        return cls(start, text, text.split(b"\n"))
