"""Flask peer of the HTTP benchmark: the session in files, Flask-Session's filesystem type.

Written for Debian 12's python3-flask-session 0.3.2 (cachelib's FileSystemCache underneath, 500 files by
default: the threshold is raised so that the many-users run is not measuring evictions). Served by gunicorn.
"""

import tempfile

from flask import Flask, session
from flask_session import Session

app = Flask(__name__)
app.secret_key = "bench-only-secret-key"
app.config.update(
    SESSION_TYPE="filesystem",
    # One folder per arbiter: both workers of one run share it, as the processes of one deployment would.
    SESSION_FILE_DIR=tempfile.mkdtemp(prefix="flask-bench-files."),
    SESSION_FILE_THRESHOLD=100_000,
    SESSION_USE_SIGNER=True,
)
Session(app)


@app.get("/session")
def counter():
    session["counter"] = session.get("counter", 0) + 1
    return str(session["counter"])
