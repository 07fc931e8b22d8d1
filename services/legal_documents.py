"""Which version of the terms and of the privacy policy is current.

A sign-up accepts the versions named here, and each user's row keeps the versions and the
time they accepted (services/signup.py). A changed text gets a new version here, so what
someone agreed to stays provable.
"""

from __future__ import annotations

TERMS_VERSION = "2026-11"
PRIVACY_VERSION = "2026-11"
# The data processing agreement (GDPR Art. 28) between a customer (controller) and us.
DPA_VERSION = "2026-11"
