"""Cohort names are unique per manager, never across managers (that would reveal their cohorts)."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from app import create_app
from assessment import services
from assessment.models import Cohort
from core.errors import Conflict
from core.extensions import db
from tests.assessment.factories import make_cohort
from tests.database import scratch_database

AUTUMN = date(2026, 9, 1)


def _named(name: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Cohort).where(Cohort.name == name))


def _create(manager, name: str, managers=None) -> Cohort:
    cohort = services.save_cohort(None, name, AUTUMN, "initials", managers or [manager], by=manager)
    db.session.commit()
    return cohort


def test_manager_cannot_create_a_second_cohort_with_the_same_name(make_user):
    manager = make_user(roles={"manager"})
    make_cohort(0, name="秋季班", manager=manager)
    with pytest.raises(Conflict, match="秋季班") as raised:
        _create(manager, "  秋季班 ")
    assert "您已管理" in raised.value.message
    db.session.rollback()
    assert _named("秋季班") == 1


def test_two_managers_may_each_have_a_cohort_with_the_same_name(make_user):
    first, second = make_user(roles={"manager"}), make_user(roles={"manager"})
    _create(first, "秋季班")
    _create(second, "秋季班")
    assert _named("秋季班") == 2


def test_renaming_checks_only_the_managers_own_cohorts(make_user):
    manager, other = make_user(roles={"manager"}), make_user(roles={"manager"})
    _create(manager, "春季班")
    autumn = _create(manager, "秋季班")
    _create(other, "冬季班")

    with pytest.raises(Conflict):
        services.save_cohort(autumn, "春季班", AUTUMN, "initials", [manager], by=manager)
    db.session.rollback()
    # Saving a cohort under its own name, or under a name only another manager uses, is fine.
    services.save_cohort(autumn, "秋季班", AUTUMN, "full", [manager], by=manager)
    services.save_cohort(autumn, "冬季班", AUTUMN, "full", [manager], by=manager)
    db.session.commit()
    assert _named("冬季班") == 2


def test_adding_a_co_manager_does_not_check_or_reveal_their_cohort_names(make_user):
    manager, colleague = make_user(roles={"manager"}), make_user(roles={"manager"})
    _create(colleague, "秋季班")
    shared = _create(manager, "秋季班", managers=[manager, colleague])
    assert {m.id for m in shared.managers} == {manager.id, colleague.id}
    assert _named("秋季班") == 2


def test_the_same_name_over_http_is_refused_only_for_its_own_manager(login_as, login, client):
    form = {"name": "秋季班", "start_date": "2026-09-01", "visibility": "initials"}
    first = login_as("manager")
    assert client.post("/cohorts/", data=form).status_code == 302

    response = client.post("/cohorts/", data=form)
    assert response.status_code == 409
    assert "您已管理一个名为秋季班的批次" in response.get_data(as_text=True)
    assert _named("秋季班") == 1

    client.post("/logout")
    second = login_as("manager")
    response = client.post("/cohorts/", data=form, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "已管理" not in page and "已有名为" not in page
    assert _named("秋季班") == 2
    owners = db.session.scalars(select(Cohort).where(Cohort.name == "秋季班")).all()
    assert sorted(c.managers[0].id for c in owners) == sorted([first.id, second.id])


# --- migration 0402 ------------------------------------------------------------------------------

NOW = datetime(2026, 3, 1, tzinfo=UTC)
users = sa.table(
    "users",
    *(sa.column(c) for c in ("id", "username", "display_name", "password_hash", "active")),
    *(sa.column(c) for c in ("session_version", "created_at", "updated_at")),
)
cohorts = sa.table(
    "assessment_cohorts",
    *(sa.column(c) for c in ("id", "name", "start_date", "visibility", "created_at")),
    sa.column("updated_at"),
)
managers = sa.table("assessment_cohort_managers", sa.column("cohort_id"), sa.column("user_id"))


def _cohort_row(cohort_id: int, name: str) -> dict:
    return {
        "id": cohort_id,
        "name": name,
        "start_date": NOW.date(),
        "visibility": "initials",
        "created_at": NOW,
        "updated_at": NOW,
    }


@pytest.mark.no_db_isolation
def test_migration_0402_drops_the_unique_name_and_keeps_the_rows_both_ways(tmp_path):
    with scratch_database(tmp_path) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0401")
            with db.engine.begin() as connection:
                connection.execute(
                    users.insert(),
                    [
                        {
                            "id": 1,
                            "username": "m1",
                            "display_name": "经理",
                            "password_hash": "x",
                            "active": True,
                            "session_version": 1,
                            "created_at": NOW,
                            "updated_at": NOW,
                        }
                    ],
                )
                connection.execute(cohorts.insert(), [_cohort_row(1, "秋季班")])
                connection.execute(managers.insert(), [{"cohort_id": 1, "user_id": 1}])

            upgrade(revision="0402")
            with db.engine.begin() as connection:
                connection.execute(cohorts.insert(), [_cohort_row(2, "秋季班")])
                # SQLite rebuilds the table; rows that reference it must survive that.
                assert connection.scalar(select(func.count()).select_from(managers)) == 1
                connection.execute(cohorts.delete().where(cohorts.c.id == 2))

            downgrade(revision="0401")
            with db.engine.connect() as connection:
                assert connection.scalar(select(func.count()).select_from(managers)) == 1
                with pytest.raises(sa.exc.IntegrityError):
                    connection.execute(cohorts.insert(), [_cohort_row(3, "秋季班")])
                connection.rollback()
            db.engine.dispose()
