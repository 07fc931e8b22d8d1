"""`voiceagent seed-demo`: load the demo data (demo.data) and print the demo logins.

Safe to run on every start: the seed is idempotent, and `--if-empty` leaves any database that
already has tenants alone.
"""

from __future__ import annotations

import time
from datetime import datetime

import click
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from core.settings import Settings
from demo import data as demo_data
from models import Tenant
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from services.seller import Seller
from services.vienna_time import VIENNA


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed a database that has no tenants yet.")
@click.pass_obj
def seed_demo(settings: Settings, if_empty: bool) -> None:
    """Load deterministic demo data: tenants, users, bots, calls, invoices, tickets."""
    engine = make_engine(settings.database_url)
    try:
        _refuse_unmigrated(engine)
        with staff_session(make_session_factory(engine)) as session:
            if if_empty and _has_tenants(session):
                click.echo("The database already has tenants: demo data not loaded.")
                return
            began = time.perf_counter()
            today = datetime.now(VIENNA).date()
            report = demo_data.seed_demo(
                session=session, today=today, seller=Seller.from_settings(settings)
            )
            session.commit()
        click.echo(f"{report.summary()} ({time.perf_counter() - began:.1f} s)")
        echo_logins()
    finally:
        engine.dispose()


def echo_logins() -> None:
    click.echo("Demo logins:")
    click.echo(f"  {'role':<16} {'e-mail':<38} password")
    for role, email, password in demo_data.DEMO_LOGINS:
        click.echo(f"  {role:<16} {email:<38} {password}")


def _refuse_unmigrated(engine: Engine) -> None:
    if not inspect(engine).has_table(Tenant.__tablename__):
        raise click.ClickException("The database has no tables yet: run `voiceagent db upgrade`.")


def _has_tenants(session: Session) -> bool:
    return session.scalars(select(Tenant.id).limit(1)).first() is not None
