import pytest
from pydantic import ValidationError

from core.encryption import generate_key
from core.settings import load_settings

REAL_SECRET = "x" * 40
# What production needs besides secrets: PostgreSQL, Redis, a mail transport, public URLs.
PRODUCTION_PLACES = {
    "database_url": "postgres://voiceagent:pw@db.example.at:5432/voiceagent",
    "redis_url": "rediss://:pw@redis.example.at:6380",
    "smtp_url": "smtps://mailer:pw@smtp.example.at:465",
    "public_base_url": "https://voice.example.at",
    "portal_base_url": "https://portal.example.at",
}
# Who sells on our invoices, as a real deployment sets it.
REAL_SELLER = {
    "seller_name": "Sprachbots Gruber GmbH",
    "seller_street": "Landstraßer Hauptstraße 7",
    "seller_postal_city": "1030 Wien",
    "seller_vat_id": "ATU87654321",
    "seller_company_register": "FN 654321b, Handelsgericht Wien",
    "seller_email": "rechnung@sprachbots.at",
}


def test_development_defaults_work_out_of_the_box() -> None:
    settings = load_settings(env="development")
    assert settings.database_url.startswith("sqlite:///")
    assert settings.default_locale == "de-AT"


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"encryption_keys": generate_key()}, "SECRET_KEY"),
        ({"secret_key": REAL_SECRET}, "ENCRYPTION_KEYS"),
        ({"secret_key": "short", "encryption_keys": generate_key()}, "SECRET_KEY"),
    ],
)
def test_production_refuses_development_secrets(overrides: dict, named: str) -> None:
    with pytest.raises(ValidationError, match=named):
        load_settings(env="production", **overrides)


def test_production_accepts_real_secrets() -> None:
    settings = load_settings(
        env="production",
        secret_key=REAL_SECRET,
        encryption_keys=generate_key(),
        stripe_secret_key="sk_live_" + "x" * 24,
        stripe_webhook_secret="whsec_" + "y" * 24,
        **PRODUCTION_PLACES,
        **REAL_SELLER,
    )
    assert settings.env == "production"


def test_production_refuses_the_demo_seller_naming_each_setting() -> None:
    """Invoices must name our real company (§ 11 UStG); the defaults are a made-up one."""
    real = {
        "secret_key": REAL_SECRET,
        "encryption_keys": generate_key(),
        "stripe_secret_key": "sk_live_" + "x" * 24,
        "stripe_webhook_secret": "whsec_" + "y" * 24,
        **PRODUCTION_PLACES,
    }
    kept = {"seller_name": REAL_SELLER["seller_name"], "seller_street": " "}
    with pytest.raises(ValidationError) as refused:
        load_settings(env="production", **real, **kept)
    message = str(refused.value)
    for name in ("SELLER_STREET", "SELLER_POSTAL_CITY", "SELLER_VAT_ID", "SELLER_EMAIL"):
        assert f"{name} (our company on every invoice, not the demo one)" in message
    assert "SELLER_COMPANY_REGISTER" in message and "SELLER_NAME" not in message


def test_production_refuses_to_start_without_a_mail_transport() -> None:
    """Without SMTP, reset links would be written to disk on a server instead of sent."""
    with pytest.raises(ValidationError, match="SMTP_URL"):
        load_settings(
            env="production",
            secret_key=REAL_SECRET,
            encryption_keys=generate_key(),
            stripe_secret_key="sk_live_" + "x" * 24,
            stripe_webhook_secret="whsec_" + "y" * 24,
            **(PRODUCTION_PLACES | {"smtp_url": None}),
        )


@pytest.mark.parametrize("named", ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_production_refuses_development_stripe_secrets(named: str) -> None:
    with pytest.raises(ValidationError, match=named):
        load_settings(env="production", secret_key=REAL_SECRET, encryption_keys=generate_key())


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/voice")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://voice.example.at/")
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://u@db.example/voice"
    assert settings.public_base_url == "https://voice.example.at"


def test_unset_local_urls_follow_the_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run` on other ports must wire numbers and write links to where it listens."""
    monkeypatch.setenv("VOICE_PORT", "8490")
    monkeypatch.setenv("PORTAL_PORT", "8480")
    settings = load_settings()
    assert settings.public_base_url == "http://localhost:8490"
    assert settings.portal_base_url == "http://localhost:8480"

    monkeypatch.setenv("PUBLIC_BASE_URL", "https://voice.example.at")
    assert load_settings().public_base_url == "https://voice.example.at"
