"""Data for the courses panels on the home page (called from the panel templates)."""

from flask_login import current_user

from courses import results


def my_learning() -> dict:
    """The signed-in learner's modules, where to continue, and whether the rules need confirming."""
    statuses = results.module_progress(current_user.id)
    resume = next((s for s in statuses if not s.locked and s.next_lesson_slug), None)
    conduct = results.conduct_module()
    conduct_status = next((s for s in statuses if conduct and s.slug == conduct.slug), None)
    # Remind only once the module is open: before that the reminder is noise for a newcomer.
    needs_ack = (
        conduct_status is not None
        and not conduct_status.locked
        and not results.has_acknowledged_current_rules(current_user.id)
    )
    return {
        "statuses": statuses,
        "resume": resume,
        "completed": sum(1 for s in statuses if s.completed),
        "conduct": conduct,
        "needs_ack": needs_ack,
    }


def conduct_summary() -> dict:
    version, missing, acks = results.conduct_report()
    return {"version": version, "missing": len(missing), "acknowledged": len(acks)}
