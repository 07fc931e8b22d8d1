"""a default price plan: new sign-ups start on it, and tenants without a plan get it

Revision ID: default_price_plan
Revises: retention
Create Date: 2026-11-28

Marks one existing plan the default — the demo's "start" plan if there is one, else the
cheapest active plan — and gives every tenant without a plan that default, so the monthly
invoice run (which joins on the plan) invoices them. On a database without plans nothing is
marked; `seed-demo` or a platform admin sets the default later.
"""

import sqlalchemy as sa
from alembic import op

revision = "default_price_plan"
down_revision = "retention"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("price_plans") as batch:
        batch.add_column(
            sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index(
        "uq_price_plans_one_default",
        "price_plans",
        ["is_default"],
        unique=True,
        postgresql_where=sa.text("is_default"),
        sqlite_where=sa.text("is_default"),
    )
    bind = op.get_bind()
    chosen = bind.execute(
        sa.text(
            "SELECT id FROM price_plans WHERE is_active"
            " ORDER BY (code = 'start') DESC, monthly_fee_cents, per_minute_cents, id LIMIT 1"
        )
    ).scalar()
    if chosen is None:
        return
    bind.execute(
        sa.text("UPDATE price_plans SET is_default = :yes WHERE id = :id"),
        {"yes": True, "id": chosen},
    )
    bind.execute(
        sa.text("UPDATE tenants SET price_plan_id = :id WHERE price_plan_id IS NULL"),
        {"id": chosen},
    )


def downgrade():
    # Tenants keep the plan they were given: which ones had none is not recorded.
    op.drop_index("uq_price_plans_one_default", table_name="price_plans")
    with op.batch_alter_table("price_plans") as batch:
        batch.drop_column("is_default")
