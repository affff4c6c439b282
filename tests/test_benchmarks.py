"""The benchmark scripts' own logic (the measurements themselves are not tests)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from lighthouse import calibrated_slowdown  # noqa: E402  (benchmarks/lighthouse.py)


@pytest.mark.parametrize(("index", "slowdown"), [
    (2000, 4.0),   # Lighthouse's reference host: its default applies unchanged
    (2600, 4.0),   # a faster host is never throttled harder than the default
    (1000, 2.0),   # half as fast: half the slowdown (Lighthouse's "low-end desktop", 2x)
    (1111, 2.3),   # rounded up, never in the page's favour
    (300, 1.0),    # a host slower than the target phone is not sped up
])
def test_calibrated_slowdown_scales_with_the_host(index: float, slowdown: float) -> None:
    """The calibrated CPU slowdown is 4x scaled by the host's benchmarkIndex over 2000."""
    assert calibrated_slowdown(index) == slowdown
