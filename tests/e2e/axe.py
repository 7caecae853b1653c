"""axe-core in the crawl: every page, as every role, against the WCAG 2.0/2.1 A and AA rules.

axe-core comes from npm, pinned in tests/e2e/vendor/package.json (and its package-lock.json);
the test set-up installs it (`make e2e-tools`, which `make test`, `make e2e` and CI run). It is
injected through the DevTools protocol (page.evaluate), so the site's strict CSP does not block it
and the site itself never ships it.
"""

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

from tests.e2e.crawl import Visit

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_PACKAGE = VENDOR / "node_modules" / "axe-core"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NODES_LISTED = 5  # per rule and page; the count says how many more

RUN_AXE = """tags => axe.run(document, {
  runOnly: {type: "tag", values: tags},
  resultTypes: ["violations"],
}).then(result => result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
})))"""


def install_axe() -> None:
    """`npm ci` in tests/e2e/vendor unless axe-core is there already (what make e2e-tools does)."""
    if (AXE_PACKAGE / "axe.min.js").exists():
        return
    if shutil.which("npm") is None:
        raise RuntimeError("axe-core is not installed and npm is missing: apt-get install npm")
    subprocess.run(  # nosec B603 B607: a fixed command, no input from outside
        ["npm", "ci", "--no-audit", "--no-fund"], cwd=VENDOR, check=True, timeout=300
    )


@cache
def axe_source() -> str:
    return (AXE_PACKAGE / "axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    return json.loads((AXE_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]


def violations(page) -> list[dict]:
    """axe's WCAG 2 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(found: list[dict]) -> list[str]:
    """One line per rule broken: the rule, its impact, what it asks and the elements that fail."""
    lines = []
    for rule in found:
        nodes = rule["nodes"]
        shown = "; ".join(
            f"{node['target']} ({' '.join(node['summary'].split())})"
            for node in nodes[:NODES_LISTED]
        )
        more = f" and {len(nodes) - NODES_LISTED} more" if len(nodes) > NODES_LISTED else ""
        lines.append(f"axe {rule['id']} [{rule['impact']}] {rule['help']}: {shown}{more}")
    return lines


def axe_problems(page, visit: Visit) -> list[str]:
    """A crawl check: no WCAG 2 A/AA violation that axe-core finds on an HTML page."""
    if visit.status >= 300 or not visit.headers.get("content-type", "").startswith("text/html"):
        return []
    return describe(violations(page))
