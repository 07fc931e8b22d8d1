"""Indexes for the back office's lists of the big tables.

Those lists page newest first by id, by cursor (admin_app/views/keyset.py), and staff mostly
filter them by tenant. Without a (tenant_id, id) index PostgreSQL walks the primary key
backwards and drops every other tenant's row: cheap for a tenant with recent rows, but 1.4 s
on 5 million usage events for a tenant whose rows are all old. With it, a tenant's page is
51 index entries wherever it lies. They live here, with the reason, rather than in each model.
"""

from sqlalchemy import Index

from models.billing import UsageEvent
from models.calls import Call, CallTurn
from models.operations import AuditEvent

LIST_INDEXES = tuple(
    Index(f"ix_{model.__tablename__}_tenant_id_id", model.tenant_id, model.id)
    for model in (Call, CallTurn, UsageEvent, AuditEvent)
)
