"""moderation notes: a flagged disagreement between evaluators resolved in writing

Revision ID: 0421
Revises: 0420
Create Date: 2026-12-04 21:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0421"
down_revision = "0420"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_moderation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("component_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("written_by_name", sa.String(length=120), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["component_id"], ["assessment_components.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["trainee_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["written_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("component_id", "trainee_id"),
    )
    with op.batch_alter_table("assessment_moderation_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_moderation_notes_component_id"), ["component_id"]
        )


def downgrade():
    with op.batch_alter_table("assessment_moderation_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_moderation_notes_component_id"))
    op.drop_table("assessment_moderation_notes")
