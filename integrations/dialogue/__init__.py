"""Dialogue engines: what the bot says next. A scripted offline engine (the default) and an
OpenAI-compatible chat model, behind the protocol in base.py."""
