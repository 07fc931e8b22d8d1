import click


@click.command("seed-demo")
def seed_demo() -> None:
    """Load deterministic demo data (arrives in the next commit)."""
