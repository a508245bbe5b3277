"""Times Jinja2 (in Flask) rendering Flaskr's blog/index.html with the 20 posts of TemplateBenchmarks.cs.

Usage: python3 bench/micro/jinja2_render.py [ROUNDS]
Prints the best of ROUNDS (default 5) averages, in microseconds per render, for the render alone inside a request
context, and for a whole test-client request that renders it (comparable to TemplateBenchmarks.FlaskrIndex20Posts).
"""

import datetime
import os
import sys
import timeit

from flask import Blueprint, Flask, g, render_template

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "..", "..", "Examples", "Flaskr", "templates")

POSTS = list(reversed([
    {
        "id": i,
        "title": f"Post number {i} <with> & markup",
        "body": f"The body of post {i}.\nIt has two lines & an ampersand.",
        "created": datetime.datetime(2024, 1, 1) + datetime.timedelta(days=i),
        "author_id": 1 if i % 3 == 0 else 2,
        "username": "test" if i % 3 == 0 else "other",
    }
    for i in range(1, 21)
]))
USER = {"id": 1, "username": "test"}


def create_app():
    app = Flask("bench", template_folder=TEMPLATES)
    app.secret_key = "bench-secret-key"
    auth = Blueprint("auth", "bench", url_prefix="/auth")
    for name in ("register", "login", "logout"):
        auth.add_url_rule("/" + name, name, lambda: "")
    blog = Blueprint("blog", "bench")
    blog.add_url_rule("/create", "create", lambda: "")
    blog.add_url_rule("/<int:id>/update", "update", lambda id: "")
    app.register_blueprint(auth)
    app.register_blueprint(blog)

    @app.route("/", endpoint="index")
    def index():
        g.user = USER
        return render_template("blog/index.html", posts=POSTS)

    return app


def best_microseconds(statement, number, rounds):
    return min(timeit.repeat(statement, number=number, repeat=rounds)) / number * 1e6


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    app = create_app()
    client = app.test_client()
    assert client.get("/").status_code == 200
    with app.test_request_context("/"):
        g.user = USER
        render = best_microseconds(lambda: render_template("blog/index.html", posts=POSTS), 2000, rounds)
    request = best_microseconds(lambda: client.get("/"), 1000, rounds)
    print(f"jinja2 render only: {render:.1f} us")
    print(f"flask request + render: {request:.1f} us")


if __name__ == "__main__":
    main()
