"""SHA-256 of the input files, which every report records, computed beside the rest of a run.

Hashing a 50 MB VCF takes about as long as reading its target genes' regions through the
index. ``imt-annotator annotate`` therefore starts hashing its inputs in a thread before it
loads the package and the knowledgebase: ``hashlib`` and file reads release the GIL, so the
digest is ready by the time the inputs are parsed. ``annotate`` waits for the thread before it
parses anything (a large VCF may be read by a forked second process, which is only done when
no other thread runs). Without a started ``Digests``, files are hashed one after the other as
they are asked for.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from pathlib import Path

CHUNK = 4 << 20  # bytes per read: few enough GIL hand-overs while the main thread imports


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with path.open("rb") as fh:
        while size := fh.readinto(buffer):
            digest.update(view[:size])
    return digest.hexdigest()


class Digests:
    """The SHA-256 of each of ``paths``, computed in a background thread once ``start``-ed."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self._paths = list(dict.fromkeys(paths))
        self._done: dict[Path, str | OSError] = {}
        self._thread: threading.Thread | None = None

    @classmethod
    def start(cls, paths: Iterable[Path]) -> Digests:
        digests = cls(paths)
        digests._thread = threading.Thread(
            target=digests._run, name="imt-annotator-sha256", daemon=True
        )
        digests._thread.start()
        return digests

    def _run(self) -> None:
        for path in self._paths:
            if not path.is_file():  # missing, a folder or a pipe: the parser says what is wrong
                continue
            try:
                self._done[path] = sha256_file(path)
            except OSError as e:  # raised where the digest is asked for
                self._done[path] = e

    def wait(self) -> None:
        """Return once the thread, if started, has hashed every file."""
        if self._thread is not None:
            self._thread.join()

    def of(self, path: Path) -> str:
        """The file's digest (raising the OSError that reading it gave)."""
        self.wait()
        found = self._done.get(path)
        if found is None:
            found = self._done[path] = sha256_file(path)
        if isinstance(found, OSError):
            raise found
        return found
