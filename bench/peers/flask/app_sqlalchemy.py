"""Flask peer of the HTTP benchmark: the session in PostgreSQL (scripts/services.sh's, 127.0.0.1:5433) through
Flask-Session's sqlalchemy type.

Written for Debian 12's python3-flask-session 0.3.2 with python3-flask-sqlalchemy 3.0 and python3-psycopg2.
Served by gunicorn with --preload: the table is created once here, then the workers fork.
"""

from flask import Flask, session
from flask_session import Session

app = Flask(__name__)
app.secret_key = "bench-only-secret-key"
app.config.update(
    SESSION_TYPE="sqlalchemy",
    SQLALCHEMY_DATABASE_URI="postgresql://microflask:microflask@127.0.0.1:5433/microflask_test",
    SESSION_SQLALCHEMY_TABLE="bench_flask_sessions",
    SESSION_USE_SIGNER=True,
)
# Flask-SQLAlchemy 3 creates tables only inside an app context, which Flask-Session 0.3.2 predates.
with app.app_context():
    Session(app)
    app.session_interface.db.create_all()
    # No connection may cross the fork into the workers.
    app.session_interface.db.engine.dispose()


@app.get("/session")
def counter():
    session["counter"] = session.get("counter", 0) + 1
    return str(session["counter"])
