"""The voice runtime: Twilio webhooks and media streams, one small pipeline per call.

`voice_runtime.app.create_app(...)` builds the ASGI app; `voiceagent voice` serves it.
"""
