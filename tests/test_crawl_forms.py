"""Crawl every route on the demo data as a user holding every role and send forms garbage.

Whatever a person types, the answer is a page or a clear error, never a server error (500).
"""

import re

from sqlalchemy import select

from core.extensions import db
from tests.routes import SKIP, site_urls

GARBAGE = [
    "",
    "x" * 3000,
    "-1",
    "１２,８00",
    "1e309",
    "<script>alert(1)</script>",
    "中文'\"; --",
    "0",
]
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)


def test_every_page_and_form_survives_garbage(app, client, superuser):
    assert db.session.scalar(select(db.func.count()).select_from(db.table("quizzes"))) > 0
    failures, forms_filled, pages = [], 0, 0
    for rule, url in site_urls(app):
        pages += 1
        fields = set()
        if "GET" in rule.methods:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"GET {url}: {response.status_code}")
                continue
            if response.mimetype == "text/html":
                fields = set(FIELD.findall(response.get_data(as_text=True))) - {"csrf_token"}
        forms_filled += bool(fields) and bool(rule.methods & {"POST", "PUT"})
        for method in sorted(rule.methods & {"POST", "PUT"}):
            for garbage in GARBAGE:
                data = {name: garbage for name in fields}
                if url.startswith("/api/"):
                    response = client.open(url, method=method, json={"response": garbage})
                else:
                    response = client.open(url, method=method, data=data)
                if response.status_code >= 500:
                    failures.append(f"{method} {url} with {garbage[:20]!r}: {response.status_code}")
                    break
    assert failures == []
    # The crawl must really reach the site: most routes resolved, many forms filled.
    assert pages > 0.8 * len([r for r in app.url_map.iter_rules() if r.endpoint not in SKIP])
    assert forms_filled >= 15
