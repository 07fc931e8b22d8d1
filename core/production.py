"""What ENV=production refuses to start without, and how a refusal reads.

A process that starts with a development default in production fails later, in front of a
customer: a secret everybody knows, a SQLite file on a dyno's ephemeral disk, links in
e-mails that point at localhost. So every such problem is collected at start and named in
one message, by the setting to change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    from core.settings import Settings

DEVELOPMENT_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0")  # noqa: S104 (a name, not a bind)
# Who sells, on every invoice (§ 11 UStG; § 14 UGB): their defaults are a made-up company.
SELLER_SETTINGS = (
    "seller_name",
    "seller_street",
    "seller_postal_city",
    "seller_vat_id",
    "seller_company_register",
    "seller_email",
)


def production_problems(settings: Settings, development_defaults: dict[str, str]) -> list[str]:
    """Each setting that production cannot run with, as "NAME (why)"; empty when it can.
    `development_defaults` maps a secret's setting name to its public development value."""
    problems = [
        f"{name.upper()} (still the development default)"
        for name, default in development_defaults.items()
        if default in _secret_values(settings, name)
    ]
    if len(settings.secret_key.get_secret_value()) < 32:
        problems.append("SECRET_KEY (shorter than 32 characters)")
    if settings.is_sqlite:
        problems.append("DATABASE_URL (PostgreSQL, not SQLite: a dyno's disk is not kept)")
    if not settings.redis_url:
        problems.append("REDIS_URL (queues, sessions and rate limits live in Redis)")
    if settings.smtp_url is None:
        # Without it, password-reset and invitation e-mails would never leave the machine.
        problems.append("SMTP_URL (a mail transport, to send e-mail)")
    for name in ("public_base_url", "portal_base_url"):
        if _points_at_this_machine(getattr(settings, name)):
            problems.append(f"{name.upper()} (the public https:// address, not localhost)")
    for name in SELLER_SETTINGS:
        value = getattr(settings, name).strip()
        if not value or value == type(settings).model_fields[name].default:
            # An invoice naming a made-up seller is no invoice: the customer cannot deduct
            # its VAT, and we would have invoiced in somebody else's name.
            problems.append(f"{name.upper()} (our company on every invoice, not the demo one)")
    return problems


def _secret_values(settings: Settings, name: str) -> list[str]:
    if name == "encryption_keys":
        return settings.encryption_key_list
    return [getattr(settings, name).get_secret_value()]


def _points_at_this_machine(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
    return host in DEVELOPMENT_HOSTS


def refusal_message(problems: list[str]) -> str:
    return "ENV=production cannot start. Set these settings: " + "; ".join(problems) + "."


def describe_settings_error(error: ValidationError) -> str:
    """The settings' validation errors as plain lines, naming each setting — without the
    input values pydantic would print (they hold the secrets)."""
    lines = []
    for problem in error.errors(include_url=False, include_input=False):
        message = str(problem["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in problem["loc"]).upper()
        lines.append(f"{where}: {message}" if where else message)
    return "\n".join(lines)
