"""Shared test fixtures. Real caller outputs are read from ../shared/samples (never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
SAMPLE_INPUTS = ROOT / "sample_inputs"


def shared_samples() -> Path:
    """The shared sample folder, or skip the test when it is absent (as on a user's machine)."""
    if not SAMPLES.is_dir():
        pytest.skip("shared caller samples not present (../shared/samples)")
    return SAMPLES


@pytest.fixture(scope="session")
def kb():  # type: ignore[no-untyped-def]
    from annotator.kb.load import load_kb

    return load_kb()
