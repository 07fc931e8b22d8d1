"""sign-ups already in their trial get at least 7 days' notice before their bots wait for a
payment method

Revision ID: payment_method_notice
Revises: number_accounts
Create Date: 2026-11-30

Since `payment_method` a sign-up's bots take no calls after its trial until a payment method
is saved (services/payment_method.py). Sign-ups from before were told the account simply
goes on; some had the reminder e-mail saying so, some are past their trial already, and
would go silent the moment this is deployed. So each sign-up without a payment method gets a
trial end at least 7 days from now, and its reminder is due again: three days before that
end it gets the e-mail that says what is new. Calls are billed on the plan either way (the
trial is no discount), so a later end changes no invoice.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "payment_method_notice"
down_revision = "number_accounts"
branch_labels = None
depends_on = None

NOTICE = timedelta(days=7)

tenants = sa.table(
    "tenants",
    sa.column("id", sa.BigInteger),
    sa.column("trial_ends_at", sa.DateTime(timezone=True)),
    sa.column("trial_reminder_sent_at", sa.DateTime(timezone=True)),
    sa.column("payment_method_added_at", sa.DateTime(timezone=True)),
)


def upgrade():
    earliest_end = datetime.now(UTC) + NOTICE
    bind = op.get_bind()
    unasked = (tenants.c.trial_ends_at.is_not(None), tenants.c.payment_method_added_at.is_(None))
    bind.execute(
        tenants.update()
        .where(*unasked, tenants.c.trial_ends_at < earliest_end)
        .values(trial_ends_at=earliest_end)
    )
    bind.execute(tenants.update().where(*unasked).values(trial_reminder_sent_at=None))


def downgrade():
    # The old trial ends are not kept; a later end harms nobody.
    pass
