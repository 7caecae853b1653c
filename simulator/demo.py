"""Demo data for the simulator: the shipped scenarios."""

from simulator.content_sync import sync_scenarios


def load_demo() -> str:
    report = sync_scenarios()
    summary = report.summary()
    for warning in report.warnings:
        summary += f"\n  ! {warning}"
    return summary
