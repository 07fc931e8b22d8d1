"""Background work on RQ: queues, job functions (thin: they call services), the cron file.

Front doors enqueue after their transaction commits with `enqueue_provisioning`; whatever
they miss, the cron's dispatcher picks up within a minute.
"""

from jobs.queues import (
    BILLING,
    DEFAULT,
    PROVISIONING,
    QUEUE_NAMES,
    enqueue_invoice_sync,
    enqueue_provisioning,
)

__all__ = [
    "BILLING",
    "DEFAULT",
    "PROVISIONING",
    "QUEUE_NAMES",
    "enqueue_invoice_sync",
    "enqueue_provisioning",
]
