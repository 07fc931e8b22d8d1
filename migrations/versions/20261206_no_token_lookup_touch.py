"""the token lookup no longer writes: its UPDATE policy on api_tokens goes

Revision ID: no_token_lookup_touch
Revises: api_token_grant
Create Date: 2026-12-06

The API stamps a token's last use after the lookup has narrowed the transaction to the
token's tenant (`api_token_grant`), so the stamp is the tenant's own write under its
`tenant_rows` policy; the lookup's setting lives only inside that function, and a policy
letting it update tokens would only widen what it may do.
"""

from alembic import op

revision = "no_token_lookup_touch"
down_revision = "api_token_grant"
branch_labels = None
depends_on = None

_TOKEN_LOOKUP = "(SELECT current_setting('app.api_token_lookup', true) = 'on')"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS token_lookup_touch ON api_tokens")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE POLICY token_lookup_touch ON api_tokens FOR UPDATE USING ({_TOKEN_LOOKUP})"
            f" WITH CHECK ({_TOKEN_LOOKUP})"
        )
