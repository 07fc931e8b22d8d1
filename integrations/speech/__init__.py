"""Speech in and out: transcribers (STT) and synthesizers (TTS) behind small protocols.

Offline engines (Whisper tiny.en for English, espeak-ng; German is not heard offline, see
no_recognition.py) need no keys and are the default; cloud engines (Google Speech,
ElevenLabs) are chosen per bot and fall back to the offline ones on failure.
"""
