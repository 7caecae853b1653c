"""enrolment revision: which trainees' board scores must be recomputed

Revision ID: 0403
Revises: 0402
Create Date: 2026-11-23 14:00:00

"""

from uuid import uuid4

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0403"
down_revision = "0402"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment_enrolments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("revision", sa.String(length=32), server_default="", nullable=False)
        )
    # Every enrolment gets its own random revision: the board's per-process score cache keys
    # on (trainee, revision), so two enrolments must never share one.
    enrolments = sa.table("assessment_enrolments", sa.column("id"), sa.column("revision"))
    connection = op.get_bind()
    for (enrolment_id,) in connection.execute(sa.select(enrolments.c.id)).all():
        connection.execute(
            enrolments.update().where(enrolments.c.id == enrolment_id).values(revision=uuid4().hex)
        )


def downgrade():
    with op.batch_alter_table("assessment_enrolments", schema=None) as batch_op:
        batch_op.drop_column("revision")
