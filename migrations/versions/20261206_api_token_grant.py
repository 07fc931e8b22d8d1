"""the API's token lookup as one database function: it reads the token under the lookup's
row-security setting and narrows the transaction to the token's tenant, in one statement

Revision ID: api_token_grant
Revises: team_invitations
Create Date: 2026-12-06

Every API request looked its token up in two statements: one setting
`app.api_token_lookup` (a transaction starts with no setting), then the lookup, which
narrowed the transaction to the token's tenant as it read the row. The setting cannot go
into the lookup's own statement (the policies read it when the statement starts), but a
function's statements run one after the other: `api_token_grant` sets it, reads the token
with its creator (as the application role, held to the lookup's policies), clears it, and
narrows the transaction to the token's tenant. A round trip fewer on every request. It is
SECURITY INVOKER: it can do nothing the caller could not do with set_config itself.
"""

from alembic import op

revision = "api_token_grant"
down_revision = "team_invitations"
branch_labels = None
depends_on = None

# by_digest for an API token (va_…), by_id for the token behind a signed access token; one
# of them is NULL. No row: no such live token (revoked, or its creator gone or moved).
API_TOKEN_GRANT = """
CREATE FUNCTION api_token_grant(by_digest text, by_id bigint)
RETURNS TABLE (
    id bigint,
    tenant_id bigint,
    scope varchar,
    created_by_id bigint,
    last_used_at timestamptz,
    role varchar
) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    -- The lookup alone, whatever the transaction carried before (a session joined into
    -- an outer one, in tests): tokens and their creators.
    PERFORM set_config('app.tenant_id', '', true),
            set_config('app.staff', '', true),
            set_config('app.api_token_lookup', 'on', true);
    IF by_digest IS NOT NULL THEN
        SELECT t.id, t.tenant_id, t.scope, t.created_by_id, t.last_used_at, u.role
          INTO id, tenant_id, scope, created_by_id, last_used_at, role
          FROM api_tokens t JOIN users u ON u.id = t.created_by_id
         WHERE t.token_digest = by_digest AND t.revoked_at IS NULL
           AND u.is_active AND u.tenant_id = t.tenant_id;
    ELSE
        SELECT t.id, t.tenant_id, t.scope, t.created_by_id, t.last_used_at, u.role
          INTO id, tenant_id, scope, created_by_id, last_used_at, role
          FROM api_tokens t JOIN users u ON u.id = t.created_by_id
         WHERE t.id = by_id AND t.revoked_at IS NULL
           AND u.is_active AND u.tenant_id = t.tenant_id;
    END IF;
    PERFORM set_config('app.api_token_lookup', '', true);
    IF id IS NULL THEN
        RETURN;
    END IF;
    PERFORM set_config('app.tenant_id', tenant_id::text, true);
    RETURN NEXT;
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(API_TOKEN_GRANT)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION api_token_grant(text, bigint)")
