"""What a call's status and outcome are called on a page, as catalogue keys: one list for the
portal and the back office, so a new status or outcome gets its words in one place."""

from __future__ import annotations

from core.catalogue import N_

CALL_STATE_LABELS: dict[str, str] = {
    # CallStatus (Twilio's words)
    "queued": N_("Queued"),
    "ringing": N_("Ringing"),
    "in-progress": N_("In progress"),
    "completed": N_("Completed"),
    "busy": N_("Busy"),
    "failed": "Failed",
    "no-answer": N_("No answer"),
    "canceled": N_("Canceled"),
    # CallOutcome
    "resolved": N_("Resolved"),
    "handed_over": N_("Handed over"),
    "caller_hung_up": N_("Caller hung up"),
    "silence_timeout": N_("Silence"),
    "max_length": N_("Too long"),
    "rejected": N_("Rejected"),
    "error": N_("Error"),
    "connection_lost": N_("Connection lost"),
}
