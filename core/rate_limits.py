"""Flask-Limiter evaluates every request, though only a few routes carry a limit.

Its before_request hook resolves the endpoint's limits (blueprint exemptions, defaults, decorated
limits) for every page and save, ~0.15 ms each in the profile of issue 14 (bench/RESULTS.md). The
routes that are limited carry Flask-Limiter's own mark on the view it registers; a request to any
other endpoint is filtered out before that work. Application-wide or default limits, if they are
ever configured, apply to every endpoint, so the filter then lets every request through.
"""

from flask import current_app, request

# Set by Flask-Limiter on the wrapper its @limit decorator returns; functools.wraps carries it
# up through our own decorators (@public, @login_required) to the registered view.
LIMITED_VIEW_MARK = "__wrapper-limiter-instance"


def endpoint_has_no_limit() -> bool:
    """True for a request Flask-Limiter has nothing to check on (a request filter)."""
    config = current_app.config
    if config.get("RATELIMIT_DEFAULT") or config.get("RATELIMIT_APPLICATION"):
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return view is not None and getattr(view, LIMITED_VIEW_MARK, None) is None
