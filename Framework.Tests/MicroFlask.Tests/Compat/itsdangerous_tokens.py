"""itsdangerous' side of MicroFlask's signing differential tests.

Reads {"requests": [...]} on stdin and writes {"responses": [...]}, one per request, with a
URLSafeTimedSerializer of real itsdangerous. Every request has "secret", "salt", "digest" (a hashlib
name) and "now" (Unix seconds used as the signing clock); optional "fallbacks" (hashlib names, as
fallback_signers=[{"digest_method": ...}]) and "max_age".

  {"op": "dumps", "value": JSON}       -> {"token": token}
  {"op": "loads_unsafe", "token": t}   -> {"valid": bool, "payload": JSON or null}
"""

import hashlib
import json
import sys
from unittest import mock

import itsdangerous.timed
from itsdangerous import URLSafeTimedSerializer


def serializer(request):
    fallbacks = [{"digest_method": getattr(hashlib, name)} for name in request.get("fallbacks", [])]
    return URLSafeTimedSerializer(
        request["secret"],
        salt=request["salt"],
        signer_kwargs={"digest_method": getattr(hashlib, request["digest"])},
        fallback_signers=fallbacks,
    )


def handle(request):
    with mock.patch.object(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: request["now"]):
        s = serializer(request)
        if request["op"] == "dumps":
            return {"token": s.dumps(request["value"])}
        valid, payload = s.loads_unsafe(request["token"], max_age=request.get("max_age"))
        return {"valid": valid, "payload": payload}


def main():
    requests = json.load(sys.stdin)["requests"]
    json.dump({"responses": [handle(r) for r in requests]}, sys.stdout)


if __name__ == "__main__":
    main()
