"""Simulator rows for tests."""

from core.extensions import db
from simulator import authoring
from tests.simulator.samples import MINI


def make_scenario(text: str = MINI, slug: str | None = None):
    """A saved scenario (from a file, not the browser); slug renames the sample."""
    if slug:
        text = text.replace("slug: mini", f"slug: {slug}", 1)
    row = authoring.save_version(None, text, by=None, filename="sample.yaml", browser=False)
    db.session.commit()
    return row
