"""Flask peer of the HTTP benchmark: the session in memcached (127.0.0.1:11211), Flask-Session's memcached type.

Written for Debian 12's python3-flask-session 0.3.2 with python3-pylibmc, the first client it looks for.
Served by gunicorn.
"""

import pylibmc
from flask import Flask, session
from flask_session import Session

app = Flask(__name__)
app.secret_key = "bench-only-secret-key"
app.config.update(
    SESSION_TYPE="memcached",
    SESSION_MEMCACHED=pylibmc.Client(["127.0.0.1:11211"], binary=True),
    SESSION_USE_SIGNER=True,
)
Session(app)


@app.get("/session")
def counter():
    session["counter"] = session.get("counter", 0) + 1
    return str(session["counter"])
