"""Background work on RQ: queues, job functions (thin: they call services), the cron file.

Provisioning is enqueued as the front door's transaction commits (`jobs.on_commit`, installed
by each app factory); whatever that misses, the cron's dispatcher picks up within a minute.
`voiceagent worker` runs `jobs.worker.Worker`, which takes over a dead worker's scheduler.
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
