"""Value types for the command lines of ``counter-app`` and ``counter-central``: their headless
commands are scripted against by support staff, so a count or a time that cannot work (0
workers, a negative interval, "2MB" for a size in bytes) stops at the command line with a
Chinese message, the same one in both programs, instead of a traceback or a process that runs
and does nothing useful."""

from __future__ import annotations

import argparse
import math


def positive_int(text: str) -> int:
    """A whole number of at least 1 (a count, a size, seconds)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，收到「{text}」") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数（至少 1），收到 {value}")
    return value


def positive_float(text: str) -> float:
    """A finite number above 0 (seconds, minutes)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为大于 0 的数，收到「{text}」") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"应为大于 0 的有限数，收到 {text}")
    return value
