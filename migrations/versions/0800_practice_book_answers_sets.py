"""practice: mistake book, graded answers, practice sets

Revision ID: 0800_practice
Revises: 0210_quiz_attempts
Create Date: 2026-12-04 20:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0800_practice'
down_revision = '0210_quiz_attempts'
branch_labels = ('practice',)
depends_on = None


def upgrade():
    op.create_table('practice_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('module_slug', sa.String(length=80), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('source_item_id', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('fraction', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_practice_answers_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_answers_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_practice_answers_version_id_question_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_answers')),
    sa.UniqueConstraint('source', 'source_item_id', name=op.f('uq_practice_answers_source'))
    )
    with op.batch_alter_table('practice_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_answers_user_id'), ['user_id'], unique=False)

    op.create_table('practice_book_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('fraction', sa.Numeric(precision=5, scale=4), nullable=False),
    sa.Column('module_slug', sa.String(length=80), nullable=True),
    sa.Column('missed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('streak', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_practice_book_entries_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_book_entries_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_practice_book_entries_version_id_question_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_book_entries')),
    sa.UniqueConstraint('user_id', 'question_id', name=op.f('uq_practice_book_entries_user_id'))
    )
    with op.batch_alter_table('practice_book_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_book_entries_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_book_entries_user_id'), ['user_id'], unique=False)

    op.create_table('practice_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_sets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_sets'))
    )
    with op.batch_alter_table('practice_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_sets_user_id'), ['user_id'], unique=False)

    op.create_table('practice_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('module_slug', sa.String(length=80), nullable=True),
    sa.Column('choice_order', sa.JSON(), nullable=True),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fraction', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_practice_items_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['practice_sets.id'], name=op.f('fk_practice_items_set_id_practice_sets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['question_versions.id'], name=op.f('fk_practice_items_version_id_question_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_items')),
    sa.UniqueConstraint('set_id', 'question_id', name=op.f('uq_practice_items_set_id'))
    )
    with op.batch_alter_table('practice_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_items_set_id'), ['set_id'], unique=False)


def downgrade():
    with op.batch_alter_table('practice_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_items_set_id'))
    op.drop_table('practice_items')
    with op.batch_alter_table('practice_sets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_sets_user_id'))
    op.drop_table('practice_sets')
    with op.batch_alter_table('practice_book_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_book_entries_user_id'))
        batch_op.drop_index(batch_op.f('ix_practice_book_entries_question_id'))
    op.drop_table('practice_book_entries')
    with op.batch_alter_table('practice_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_answers_user_id'))
        batch_op.drop_index(batch_op.f('ix_practice_answers_question_id'))
    op.drop_table('practice_answers')
