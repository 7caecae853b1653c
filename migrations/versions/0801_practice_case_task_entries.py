"""practice: case tasks in the mistake book

Revision ID: 0801_practice_case_tasks
Revises: 0800_practice
Create Date: 2026-12-04 21:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0801_practice_case_tasks'
down_revision = '0800_practice'
branch_labels = None
depends_on = '0303'  # the case library's tables


def upgrade():
    op.create_table('practice_case_task_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=80), nullable=False),
    sa.Column('case_slug', sa.String(length=80), nullable=False),
    sa.Column('case_title', sa.String(length=200), nullable=False),
    sa.Column('module_slug', sa.String(length=80), nullable=True),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('right_answer', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('fraction', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('missed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_practice_case_task_entries_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_case_task_entries_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['case_versions.id'], name=op.f('fk_practice_case_task_entries_version_id_case_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_case_task_entries')),
    sa.UniqueConstraint('user_id', 'case_id', 'task_id', name=op.f('uq_practice_case_task_entries_user_id'))
    )
    with op.batch_alter_table('practice_case_task_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_case_task_entries_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_case_task_entries_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('practice_case_task_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_case_task_entries_user_id'))
        batch_op.drop_index(batch_op.f('ix_practice_case_task_entries_case_id'))
    op.drop_table('practice_case_task_entries')
