"""Flask peer of the HTTP benchmark: the hello case and Flask's own signed-cookie session.

Served by gunicorn, e.g. ``gunicorn -w 2 -b 127.0.0.1:8201 app:app``.
"""

from flask import Flask, session

app = Flask(__name__)
# A fixed key: every worker must verify the cookie that another worker signed.
app.secret_key = "bench-only-secret-key"


@app.get("/")
def hello():
    return "Hello"


@app.get("/session")
def counter():
    session["counter"] = session.get("counter", 0) + 1
    return str(session["counter"])
