"""Renders every template at the top of a corpus folder with real Jinja2, in Flask's environment.

Usage: python3 render_with_jinja2.py CORPUS_DIR
Each NAME.html / NAME.txt is rendered with the context in NAME.json (when there is one), where
{"$datetime": "..."} is a datetime and {"$markup": "..."} a Markup, and a top-level "$extensions" list names the
Jinja extensions to turn on for that template (as app.jinja_env.add_extension would). Prints one JSON object:
{name: {"output": text} or {"error": "Type: message"}}. Templates in subfolders are only used by others.
"""

import datetime
import json
import os
import sys

from flask import Flask
from markupsafe import Markup


def convert(value):
    if isinstance(value, dict):
        if len(value) == 1 and "$datetime" in value:
            return datetime.datetime.fromisoformat(value["$datetime"])
        if len(value) == 1 and "$markup" in value:
            return Markup(value["$markup"])
        return {key: convert(item) for key, item in value.items()}
    if isinstance(value, list):
        return [convert(item) for item in value]
    return value


def main(corpus):
    app = Flask(__name__, template_folder=os.path.abspath(corpus))
    results = {}
    with app.app_context():
        for name in sorted(os.listdir(corpus)):
            path = os.path.join(corpus, name)
            if not os.path.isfile(path) or name.endswith((".json", ".py")):
                continue
            context_path = os.path.splitext(path)[0] + ".json"
            context = {}
            if os.path.exists(context_path):
                with open(context_path, encoding="utf-8") as f:
                    context = convert(json.load(f))
            extensions = context.pop("$extensions", [])
            env = app.jinja_env.overlay(extensions=extensions) if extensions else app.jinja_env
            try:
                results[name] = {"output": env.get_template(name).render(context)}
            except Exception as e:  # reported to the test, which shows it
                results[name] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
