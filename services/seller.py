"""Who our invoices say sold the service: the platform's company, from the settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from core.settings import Settings


@dataclass(frozen=True)
class Seller:
    name: str
    street: str
    postal_city: str
    vat_id: str
    company_register: str
    email: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Seller:
        return cls(
            name=settings.seller_name,
            street=settings.seller_street,
            postal_city=settings.seller_postal_city,
            vat_id=settings.seller_vat_id,
            company_register=settings.seller_company_register,
            email=settings.seller_email,
        )

    def details(self) -> dict[str, str]:
        """As stored on an invoice when it is issued (Invoice.seller_details)."""
        return asdict(self)
