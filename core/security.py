"""Security headers on every response, and the proxy set-up they depend on.

The Content-Security-Policy allows scripts, styles, fonts and requests from our own origin only:
no inline script, no inline event handlers, no inline style (templates use classes and
static/js/*.js; see HOUSE_RULES). Images may also be data: URLs (small icons in CSS). Pages
cannot be framed (clickjacking), and the browser must not guess content types. HSTS is sent
only on HTTPS requests, so a plain-HTTP intranet test server does not pin itself to HTTPS.
"""

from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from core.audit import install_request_id

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def register_security(app) -> None:
    """Trust TRUSTED_PROXIES reverse proxies for client IP and scheme; add the headers."""
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Client IPs (rate limits, audit log) and https (HSTS, secure cookies) from the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    install_request_id(app)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
