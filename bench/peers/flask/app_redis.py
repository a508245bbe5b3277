"""Flask peer of the HTTP benchmark: the session kept in Redis by Flask-Session.

Written for Debian 12's python3-flask-session 0.3.2, whose configuration is read from app.config by
``Session(app)``. Served by gunicorn, e.g. ``gunicorn -w 2 -b 127.0.0.1:8203 app_redis:app``.
"""

import redis
from flask import Flask, session
from flask_session import Session

app = Flask(__name__)
app.secret_key = "bench-only-secret-key"
app.config.update(
    SESSION_TYPE="redis",
    # Given explicitly: left unset, 0.3.2 quietly makes its own client for localhost.
    SESSION_REDIS=redis.Redis(host="127.0.0.1", port=6379),
    # Sign the session id, as ASP.NET Core protects its session cookie and MicroFlask signs its id.
    SESSION_USE_SIGNER=True,
)
Session(app)


@app.get("/session")
def counter():
    session["counter"] = session.get("counter", 0) + 1
    return str(session["counter"])
