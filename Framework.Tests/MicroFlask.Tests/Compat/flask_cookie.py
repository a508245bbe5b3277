"""Flask's side of the MicroFlask session-cookie compatibility tests.

Reads one JSON document on stdin, {"requests": [...]}, and writes {"responses": [...]} on stdout, one
response per request, in order. Sessions go through Flask's own SecureCookieSessionInterface in a
request context, exactly as in a Flask app.

Requests share: "secret_key", optional "fallbacks" (SECRET_KEY_FALLBACKS), optional "now" (Unix
seconds used as the signing clock) and optional "lifetime" (PERMANENT_SESSION_LIFETIME, seconds).

  {"op": "dump", "session": PYTHON_EXPR, "permanent": false}
      -> {"cookie": value, "set_cookie": [headers], "json": Flask's tagged JSON of the session}
  {"op": "load", "cookie": value, "expect": PYTHON_EXPR or null}
      -> {"empty": bool, "canonical": canonical repr of the session, "equal": session equals expect}

A session is given as a Python expression (Markup, UUID, datetime, timezone are in scope) so that the
expected values never pass through the serializer under test.
"""

import json
import sys
from datetime import datetime, timedelta, timezone
from unittest import mock
from uuid import UUID

import itsdangerous.timed
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession
from markupsafe import Markup

NAMESPACE = {"Markup": Markup, "UUID": UUID, "datetime": datetime, "timezone": timezone}


def canonical(value):
    """A repr that is the same for equal sessions: dict keys sorted, types always visible."""
    if isinstance(value, dict):
        items = sorted(value.items())
        return "{" + ", ".join(f"{k!r}: {canonical(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(canonical(v) for v in value) + ",)"
    return repr(value)


def make_app(request):
    app = Flask("flask_cookie")
    app.secret_key = request["secret_key"]
    app.config["SECRET_KEY_FALLBACKS"] = request.get("fallbacks") or []
    if "lifetime" in request:
        app.permanent_session_lifetime = timedelta(seconds=request["lifetime"])
    return app


def dump(app, request):
    value = eval(request["session"], NAMESPACE)  # noqa: S307 - expressions come from our own tests
    with app.test_request_context():
        session = SecureCookieSession(value)
        if request.get("permanent"):
            session.permanent = True  # setting False would store "_permanent": false
        session.modified = True
        response = app.response_class()
        app.session_interface.save_session(app, session, response)
        headers = response.headers.getlist("Set-Cookie")
        cookie = headers[0].split(";", 1)[0].split("=", 1)[1] if headers else None
        tagged = TaggedJSONSerializer().dumps(dict(session))
    return {"cookie": cookie, "set_cookie": headers, "json": tagged}


def load(app, request):
    header = {"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={request['cookie']}"}
    with app.test_request_context(headers=header) as ctx:
        session = app.session_interface.open_session(app, ctx.request)
        result = {"empty": not session, "canonical": canonical(dict(session))}
        if request.get("expect") is not None:
            expected = eval(request["expect"], NAMESPACE)  # noqa: S307 - expressions come from our own tests
            result["expected"] = canonical(expected)
            result["equal"] = result["canonical"] == result["expected"]
    return result


def handle(request):
    app = make_app(request)
    op = {"dump": dump, "load": load}[request["op"]]
    if "now" in request:
        with mock.patch.object(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: request["now"]):
            return op(app, request)
    return op(app, request)


def main():
    requests = json.load(sys.stdin)["requests"]
    responses = []
    for request in requests:
        try:
            responses.append(handle(request))
        except Exception as error:
            responses.append({"error": f"{type(error).__name__}: {error}"})
    json.dump({"responses": responses}, sys.stdout)


if __name__ == "__main__":
    main()
