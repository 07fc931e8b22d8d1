"""The minimal reference bench/voice_load.py measures the runtime against (issue 14).

What a voice bot cannot do without, and nothing else: it answers the signed webhook with a
`<Connect><Stream>`, greets with a tone, and after each 300 ms of silence that follows the
caller's speech (energy above the caller's voiced threshold) sends a 1 s tone, paced 20 ms
a frame two frames ahead, ending with an `<id>:end` mark. No signature check, database,
Redis, recognition or barge-in. It runs on the runtime's web stack (Starlette on uvicorn
with the same options), so the ratios the benchmark prints are what our own code costs.
"""

from __future__ import annotations

import asyncio
import base64
import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from integrations.speech.audio import mulaw_frames, mulaw_to_pcm, rms
from integrations.speech.null_engines import tone_mulaw

TONE = [base64.b64encode(frame).decode() for frame in mulaw_frames(tone_mulaw(1000))]
VOICED_RMS, END_OF_TURN_FRAMES, LEAD_FRAMES = 200, 15, 2
sent = {"frames_sent": 0}


async def voice(request: Request) -> Response:
    url = f"ws://{request.url.netloc}/twilio/stream"
    stream = f'<Stream url="{url}"><Parameter name="token" value="-"/></Stream>'
    twiml = f"<Response><Connect>{stream}</Connect></Response>"
    return Response(twiml, media_type="text/xml")


async def play(websocket: WebSocket, stream_sid: str, reply: int) -> None:
    loop = asyncio.get_running_loop()
    next_at = loop.time()
    for index, payload in enumerate(TONE):
        if index >= LEAD_FRAMES:
            next_at += 0.02
            await asyncio.sleep(next_at - loop.time())
        media = {"event": "media", "streamSid": stream_sid, "media": {"payload": payload}}
        await websocket.send_text(json.dumps(media, separators=(",", ":")))
        sent["frames_sent"] += 1
    mark = {"event": "mark", "streamSid": stream_sid, "mark": {"name": f"{reply}:end"}}
    await websocket.send_text(json.dumps(mark))


async def stream(websocket: WebSocket) -> None:
    await websocket.accept()
    stream_sid, speaking, quiet, replies = "", False, 0, 0
    tasks: set[asyncio.Task[None]] = set()
    try:
        while True:
            message = json.loads(await websocket.receive_text())
            if message["event"] == "start":
                stream_sid = message["start"]["streamSid"]
                tasks.add(asyncio.create_task(play(websocket, stream_sid, replies)))
            elif message["event"] == "media":
                pcm = mulaw_to_pcm(base64.b64decode(message["media"]["payload"]))
                if rms(pcm) > VOICED_RMS:
                    speaking, quiet = True, 0
                elif speaking and (quiet := quiet + 1) >= END_OF_TURN_FRAMES:
                    speaking, replies = False, replies + 1
                    tasks.add(asyncio.create_task(play(websocket, stream_sid, replies)))
            elif message["event"] == "stop":
                break
    except Exception:  # noqa: S110 (the caller hung up)
        pass
    for task in tasks:
        task.cancel()


async def metrics(_request: Request) -> JSONResponse:
    return JSONResponse(sent)


app = Starlette(
    routes=[
        Route("/twilio/voice", voice, methods=["POST"]),
        WebSocketRoute("/twilio/stream", stream),
        Route("/_bench/metrics", metrics),
        Route("/_bench/reset", metrics),
    ]
)


def serve(port: int) -> None:
    """Child process: the reference on `port`, as bench/voice_load.py runs the runtime."""
    import uvicorn

    from voice_runtime.app import SERVER_OPTIONS

    uvicorn.run(
        app, host="127.0.0.1", port=port, log_level="warning", backlog=2048, **SERVER_OPTIONS
    )
