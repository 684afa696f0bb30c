"""What one clerk operation changed (:class:`OpChanges`): the workflow returns it, the task runner
announces it, and the UI refreshes exactly that. Light, so the window imports it while it is built."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpChanges:
    """What one operation changed, for the UI to announce (nothing else emits change events)."""

    cases: tuple[str, ...] = ()          # case ids created or changed
    outbox: bool = False                 # outbox rows added
    documents: tuple[str, ...] = ()      # case ids whose documents were issued or printed
    print_jobs: bool = False

    def __or__(self, other: "OpChanges") -> "OpChanges":
        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(a + b))

        return OpChanges(union(self.cases, other.cases), self.outbox or other.outbox,
                         union(self.documents, other.documents), self.print_jobs or other.print_jobs)

    @property
    def empty(self) -> bool:
        return not (self.cases or self.outbox or self.documents or self.print_jobs)
