"""Plain (non-pytest) service helpers for the benchmarks: the suite's own CUPS starter."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class CupsQueue:
    name: str
    output_dir: Path
    service: object          # tests.support.cups.CupsService

    def stop(self) -> None:
        self.service.stop()


def start_cups(prefix: str = "CounterBenchPDF") -> CupsQueue:
    """A cups-pdf queue named ``<prefix><pid>`` on a running scheduler (started here if needed)."""
    from tests.support.cups import start_cups as start

    service = start((f"{prefix}{os.getpid()}",))
    return CupsQueue(service.queues[0], service.output_dir, service)
