"""How long our HTTP servers keep an idle kept-alive connection open: longer than anyone who
sends on it keeps it.

A server that closes an idle connection while its client may still reuse it can receive a
request just as it closes, and that request is lost unread (the client sees a reset, no
answer; the voice runtime lost Twilio webhooks that way, 47503af). So the server must
outlast its clients: Heroku's Router 2.0 keeps connections to a dyno idle for 90 s
(devcenter.heroku.com/articles/http-routing#keepalives; Heroku's own getting-started apps
use 95 s), a proxy commonly 60 s, httpx 5 s. uvicorn's and gunicorn's defaults are 5 s
and 2 s. Used by the portal and API (cli/portal.py), the voice runtime (its SERVER_OPTIONS)
and the back office's gunicorn (cli/gunicorn_conf.py).
"""

from __future__ import annotations

KEEP_ALIVE_SECONDS = 95
