"""Renders Flaskr's templates with real Flask and Jinja2 for each case of a JSON file.

Usage: python3 render_flaskr_templates.py TEMPLATE_FOLDER CASES_JSON
The app has the tutorial's endpoints (auth.register/login/logout, blog.index/create/update/delete, index), so
url_for builds the same URLs. Each case renders its "template" inside a request to its "path" (a POST with its
"form" when it has one), with g.user, its flashed messages and its context. Prints {case: {"output": html} or
{"error": text}}.
"""

import datetime
import json
import sys

from flask import Blueprint, Flask, flash, g, render_template


def convert(value):
    if isinstance(value, dict):
        if len(value) == 1 and "$datetime" in value:
            return datetime.datetime.fromisoformat(value["$datetime"])
        return {key: convert(item) for key, item in value.items()}
    if isinstance(value, list):
        return [convert(item) for item in value]
    return value


def view(**kwargs):
    return ""


def create_app(template_folder):
    app = Flask("flaskr", template_folder=template_folder)
    app.secret_key = "test"
    auth = Blueprint("auth", "flaskr", url_prefix="/auth")
    auth.add_url_rule("/register", "register", view, methods=("GET", "POST"))
    auth.add_url_rule("/login", "login", view, methods=("GET", "POST"))
    auth.add_url_rule("/logout", "logout", view)
    blog = Blueprint("blog", "flaskr")
    blog.add_url_rule("/", "index", view)
    blog.add_url_rule("/create", "create", view, methods=("GET", "POST"))
    blog.add_url_rule("/<int:id>/update", "update", view, methods=("GET", "POST"))
    blog.add_url_rule("/<int:id>/delete", "delete", view, methods=("POST",))
    app.register_blueprint(auth)
    app.register_blueprint(blog)
    app.add_url_rule("/", endpoint="index")
    return app


def main(template_folder, cases_path):
    app = create_app(template_folder)
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    results = {}
    for name, case in cases.items():
        form = case.get("form")
        try:
            with app.test_request_context(case["path"], method="POST" if form is not None else "GET", data=form):
                g.user = case["user"]
                for message in case["flashes"]:
                    flash(message)
                results[name] = {"output": render_template(case["template"], **convert(case["context"]))}
        except Exception as e:  # reported to the test
            results[name] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
