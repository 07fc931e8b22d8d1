"""Work a service asks the queues for, named by its job, enqueued when the transaction commits.

Services cannot reach the queues (jobs/ imports services, never the other way round), and
front doors should not. So a service notes the job's dotted name and its one argument (an id
or a month: never an object, never a secret) on the session; the after-commit hook every
front door installs (jobs.on_commit) enqueues it the moment the transaction commits, and a
rolled-back transaction forgets it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

# session.info key: the (job name, argument) pairs this transaction asked for.
_REQUESTED = "job_requests.requested"


def request_job(session: Session, *, name: str, argument: int | str) -> None:
    """Ask for `name(argument)` once this session's transaction commits; asking twice in one
    transaction asks once."""
    requested: list[tuple[str, int | str]] = session.info.setdefault(_REQUESTED, [])
    if (name, argument) not in requested:
        requested.append((name, argument))


def take_requested_jobs(session: Session) -> list[tuple[str, int | str]]:
    """The jobs asked for in `session` since its last commit or rollback; forgets them. For
    the hook that enqueues after the commit."""
    requested: list[tuple[str, int | str]] = session.info.pop(_REQUESTED, [])
    return requested
