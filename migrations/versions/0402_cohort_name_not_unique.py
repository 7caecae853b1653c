"""cohort name not unique

Cohort names are unique only among the cohorts one manager manages (checked in
assessment.services.save_cohort); the global constraint told managers the names of cohorts
they cannot see.

Revision ID: 0402
Revises: 0401
Create Date: 2026-11-24 09:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0402'
down_revision = '0401'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment_cohorts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_assessment_cohorts_name'), type_='unique')


def downgrade():
    # Fails if two cohorts share a name by now: rename one of them first.
    with op.batch_alter_table('assessment_cohorts', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_assessment_cohorts_name'), ['name'])
