"""stage measurement band: trainees within k standard errors of the cut line need a note

Revision ID: 0420
Revises: 0403
Create Date: 2026-12-04 21:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0420"
down_revision = "0403"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment_stages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("band_k", sa.Numeric(4, 2), server_default="1", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("assessment_stages", schema=None) as batch_op:
        batch_op.drop_column("band_k")
