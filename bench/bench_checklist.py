"""Checklist outcome per keystroke: decide() for the biggest service vs a plain dict lookup over the same ticks.

Goal <= 50x the baseline: the baseline (one dict lookup per applicable material, the least any
checklist must do) runs in about a microsecond; 50x of it is still well under 0.1 ms, i.e. three
orders of magnitude below a keystroke's 16 ms frame budget, so the UI can re-decide on every
keystroke without a worker thread.
"""

from __future__ import annotations

from bench.common import BenchResult, interleaved_medians, median_time


def run() -> BenchResult:
    from counter_app.domain.checklist import Tick, TickState, decide
    from counter_app.reference.catalog import load_catalog

    catalog = load_catalog()
    service = catalog.get("reg_change")  # the biggest entry: every field of 5.1.2.1 / 5.1.2.2
    variants = tuple(v.code for v in service.variants if "individual" in v.applicant_types)
    plan = service.plan("agent", variants)
    ticks = {m.code: Tick(TickState.present) for m in plan.materials}
    ticks[plan.materials[-1].code] = Tick(TickState.defective, "复印件模糊")
    conditions = {c.code: True for c in plan.conditions}
    codes = [m.code for m in plan.materials]
    loops = 1000

    def ours() -> None:
        for _ in range(loops):
            decide(service, "agent", variants, ticks, conditions)

    def baseline() -> None:
        for _ in range(loops):
            missing = [c for c in codes if ticks.get(c) is None or ticks[c].state is not TickState.present]
            _ = bool(missing)

    t_ours, t_base = (t / loops for t in interleaved_medians(ours, baseline, runs=15))
    def cold() -> None:  # a changed variant choice: the plan is rebuilt, not cached
        service._plan_cache.clear()
        decide(service, "agent", variants, ticks, conditions)

    t_cold = median_time(cold, runs=50)
    return BenchResult("checklist", t_ours * 1e6, t_base * 1e6, goal=50.0, unit="µs", extra=[
        f"service reg_change, {len(variants)} variants, {len(plan.materials)} materials, {len(plan.conditions)} conditions",
        f"per decision: {t_ours * 1e6:.1f} µs; after a variant change (plan rebuilt): {t_cold * 1e6:.1f} µs; keystroke budget 16 ms",
    ])
