"""Atomic report writing: every output goes to a temporary file first and is renamed into place
only when all requested formats rendered, so a failed run leaves no half-written report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from annotator.errors import OutputError, UsageError
from annotator.report.render import render_html, render_json, render_tsv

FORMATS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "json": ("report.json", render_json),
    "html": ("report.html", render_html),
    "tsv": ("findings.tsv", render_tsv),
}


def parse_formats(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(
            f"unknown format {', '.join(unknown) or repr(value)}; expected some of "
            f"{', '.join(FORMATS)} (PDF output is not available in this version)"
        )
    return list(dict.fromkeys(names))


def safe_file_stem(sample_id: str) -> str:
    """Sample ids become file names: refuse path separators and names that hide files."""
    if not sample_id or sample_id in (".", "..") or "/" in sample_id or "\\" in sample_id:
        raise UsageError(f"sample id {sample_id!r} cannot be used as a file name")
    if "\0" in sample_id:
        raise UsageError("sample id contains a NUL character")
    return sample_id


def write_reports(report: dict[str, Any], out_dir: Path, formats: Sequence[str]) -> list[Path]:
    stem = safe_file_stem(report["sample"]["id"])
    rendered = [(f"{stem}.{FORMATS[f][0]}", FORMATS[f][1](report)) for f in formats]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{out_dir}: cannot create output directory ({e.strerror})") from e
    for name, _ in rendered:
        target = out_dir / name
        if target.exists() and not target.is_file():
            raise OutputError(f"{target}: exists and is not a regular file")
    temps: list[tuple[str, Path]] = []
    try:
        for name, text in rendered:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            temps.append((name, Path(tmp)))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        finals = []
        for name, tmp_path in temps:
            final = out_dir / name
            os.replace(tmp_path, final)
            finals.append(final)
        return finals
    except OSError as e:
        for _, tmp_path in temps:
            tmp_path.unlink(missing_ok=True)
        raise OutputError(f"{out_dir}: cannot write report ({e.strerror or e})") from e
