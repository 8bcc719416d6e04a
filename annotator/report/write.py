"""Atomic report writing: every output goes to a temporary file first and is renamed into place
only when all requested formats rendered, so a failed run leaves no half-written report.

``FORMATS`` is the single registry of output formats: format name -> (file suffix, renderer).
A renderer takes the report and the ``RenderOptions`` and returns text (written as UTF-8) or
bytes (PDF), so callers never special-case a format.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from annotator.errors import OutputError, UsageError
from annotator.report.multiqc import render_multiqc
from annotator.report.pdf import Paper, render_pdf
from annotator.report.render import render_html, render_json, render_tsv


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Settings a renderer may need besides the report (the paper size of the PDF)."""

    paper: Paper = "A4"


DEFAULT_RENDER_OPTIONS = RenderOptions()

Renderer = Callable[[dict[str, Any], RenderOptions], str | bytes]


def _report_only(render: Callable[[dict[str, Any]], str]) -> Renderer:
    """Registry entry for a renderer that needs nothing but the report."""

    def renderer(report: dict[str, Any], options: RenderOptions) -> str:
        return render(report)

    return renderer


def _pdf(report: dict[str, Any], options: RenderOptions) -> bytes:
    """Registry entry for the PDF, which is laid out on the paper size of the options."""
    return render_pdf(report, paper=options.paper)


FORMATS: dict[str, tuple[str, Renderer]] = {
    "json": ("report.json", _report_only(render_json)),
    "html": ("report.html", _report_only(render_html)),
    "pdf": ("report.pdf", _pdf),
    "tsv": ("findings.tsv", _report_only(render_tsv)),
    # MultiQC custom content; the ``_mqc.json`` ending is what MultiQC searches for
    "multiqc": ("imt_mqc.json", _report_only(render_multiqc)),
}


def parse_formats(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(
            f"unknown format {', '.join(unknown) or repr(value)}; expected some of "
            f"{', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(names))


def safe_file_stem(sample_id: str) -> str:
    """Sample ids become file names: refuse path separators and names that hide files."""
    if not sample_id or sample_id in (".", "..") or "/" in sample_id or "\\" in sample_id:
        raise UsageError(f"sample id {sample_id!r} cannot be used as a file name")
    if "\0" in sample_id:
        raise UsageError("sample id contains a NUL character")
    return sample_id


def write_reports(
    report: dict[str, Any],
    out_dir: Path,
    formats: Sequence[str],
    *,
    stem: str | None = None,
    overwrite: bool = True,
    options: RenderOptions = DEFAULT_RENDER_OPTIONS,
) -> list[Path]:
    """Render every format, then move all files into place: ``OUT/STEM.<suffix>``.

    ``stem`` defaults to the sample id. With ``overwrite=False`` an existing target is an error
    and nothing is left behind: files are published with a hard link, which fails rather than
    replace, so two concurrent runs cannot both claim a name (signed-out reports use this).
    ``options`` are handed to every renderer (the PDF takes its paper size from them).
    """
    stem = safe_file_stem(report["sample"]["id"]) if stem is None else stem
    rendered = [(f"{stem}.{FORMATS[f][0]}", FORMATS[f][1](report, options)) for f in formats]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{out_dir}: cannot create output directory ({e.strerror})") from e
    for name, _ in rendered:
        target = out_dir / name
        if target.exists() and not target.is_file():
            raise OutputError(f"{target}: exists and is not a regular file")
        if not overwrite and (target.exists() or target.is_symlink()):
            raise OutputError(f"{target}: already exists and is never overwritten")
    temps: list[tuple[str, Path]] = []
    finals: list[Path] = []
    try:
        for name, content in rendered:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            temps.append((name, Path(tmp)))
            os.fchmod(fd, shared_file_mode())
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        for name, tmp_path in temps:
            final = out_dir / name
            if overwrite:
                os.replace(tmp_path, final)
            else:
                _publish_new(tmp_path, final)
            finals.append(final)
        return finals
    except FileExistsError as e:
        for created in finals:
            created.unlink(missing_ok=True)
        raise OutputError(f"{e.filename}: already exists and is never overwritten") from e
    except OSError as e:
        if not overwrite:
            for created in finals:
                created.unlink(missing_ok=True)
        raise OutputError(f"{out_dir}: cannot write report ({e.strerror or e})") from e
    finally:
        for _, tmp_path in temps:
            tmp_path.unlink(missing_ok=True)


@cache
def shared_file_mode() -> int:
    """Permissions for written files: what the umask allows (mkstemp alone gives 0600, which
    hides reports from the lab group that shares the output folder)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _publish_new(tmp_path: Path, final: Path) -> None:
    """Move a temporary file to a name that must not exist yet (FileExistsError if it does)."""
    try:
        os.link(tmp_path, final)
    except FileExistsError:
        raise
    except OSError as e:
        # some network and FUSE file systems have no hard links: check, then rename
        if e.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        if final.exists() or final.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(final)) from e
        os.replace(tmp_path, final)
