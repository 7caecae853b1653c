"""case discussion posts are deleted by marking them

A deleted post may be evidence in a dispute: the row stays, marked, and the audit log names who
deleted it.

Revision ID: 0304
Revises: 0303
Create Date: 2026-12-04 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0304'
down_revision = '0303'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_discussion_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    # Posts marked deleted were deleted for their readers; without the mark they go for good.
    op.execute("DELETE FROM case_discussion_posts WHERE deleted_at IS NOT NULL")
    with op.batch_alter_table('case_discussion_posts', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
