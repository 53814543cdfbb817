"""A real Odoo server on the database under test, driven over JSON-RPC.

Shared by the tests that need server processes of their own: several workers
and a replica (``test_multiworker.py``), crashes at precise points
(``test_crash_consistency.py``), a short load (``test_loadtest_short.py``), and
by ``make loadtest``.
"""

import functools
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import requests
from psycopg2 import sql

import odoo
from odoo import sql_db
from odoo.tools import config

STARTUP_TIMEOUT = 180
TIMEOUT = 120


class RpcError(Exception):
    def __init__(self, data):
        super().__init__(f"{data['name']}: {data['message']}")
        self.name = data["name"]
        self.message = data["message"]


class Client:
    """One browser session of one user on the server."""

    def __init__(self, server, login):
        self.server = server
        self.session = requests.Session()
        self._post(
            "/web/session/authenticate",
            {"db": server.db, "login": login, "password": login},
        )
        self.uid = self.session_info()["uid"]

    def _post(self, path, params):
        response = self.session.post(
            f"{self.server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 0, "params": params},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            raise RpcError(answer["error"]["data"])
        return answer["result"]

    def session_info(self):
        return self._post("/web/session/get_session_info", {})

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids):
        return self._post(
            f"/web/dataset/call_button/{model}/{method}",
            {"model": model, "method": method, "args": [ids], "kwargs": {}},
        )


def free_port():
    """A TCP port nobody listens on now (the machine may be shared)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def odoo_bin():
    """The server script: prefork mode starts the gevent process with it again
    (``python -m odoo`` cannot be started that way)."""
    source = Path(odoo.__path__[0]).parent / "odoo-bin"
    script = str(source) if source.is_file() else shutil.which("odoo")
    assert script, "neither odoo-bin beside the odoo package nor odoo on PATH"
    return script


@functools.cache
def gevent_works():
    """Whether the long-polling process can start: gevent patches this Python."""
    probe = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", "import gevent.monkey; gevent.monkey.patch_all()"],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return probe.returncode == 0


def at_once(*calls):
    """Run the calls in threads released together; return (result, error) pairs."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = (call(), None)
        except RpcError as error:
            outcomes[index] = (None, error)

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert all(outcome is not None for outcome in outcomes), "a call hung"
    return outcomes


class OdooServer:
    """``odoo server --workers=2`` on the test database, stopped by ``stop()``.

    ``replica``: a read-only replica connection (or Odoo's simulation of one);
    ``script``: what starts Odoo, ``odoo-bin`` unless a test's own wrapper;
    ``env``: variables added to the server's environment;
    ``workers`` and ``log_level``: as the options of that name (make loadtest);
    ``log_handlers``: ``--log-handler`` options (``LOGGER:LEVEL``).
    """

    def __init__(
        self,
        db,
        port,
        workdir,
        replica=True,
        script=None,
        env=None,
        workers=2,
        log_level="warn",
        log_handlers=(),
    ):
        self.db = db
        self.log_handlers = tuple(log_handlers)
        self.workers = workers
        self.log_level = log_level
        self.with_replica = replica
        self.script = script or odoo_bin()
        self.env = env or {}
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.gevent_port = free_port()
        self.workdir = Path(workdir)
        self.log = self.workdir / "server.log"
        self.replica_role = None
        self.process = None

    def _connect(self, **info):
        return psycopg2.connect(**sql_db.connection_info_for(self.db)[1], **info)

    def make_replica_role(self):
        """A login role whose transactions are read-only, reading this database.

        Return the replica options of the configuration, or ``None`` when the
        database role may not create roles or the new role cannot connect.
        """
        role = f"focus_replica_{self.db}"[:63]
        password = secrets.token_hex(16)
        main = self._connect()
        main.autocommit = True
        try:
            with main.cursor() as cr:
                cr.execute(
                    "SELECT rolsuper OR rolcreaterole FROM pg_roles"
                    " WHERE rolname = current_user"
                )
                if not cr.fetchone()[0]:
                    return None
                ident = sql.Identifier(role)
                cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                verb = "ALTER" if cr.fetchone() else "CREATE"
                cr.execute(
                    sql.SQL("{} ROLE {} LOGIN PASSWORD %s").format(
                        sql.SQL(verb), ident
                    ),
                    [password],
                )
                self.replica_role = role
                cr.execute(
                    sql.SQL(
                        "ALTER ROLE {} SET default_transaction_read_only = on"
                    ).format(ident)
                )
                cr.execute(
                    sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(
                        ident
                    )
                )
        finally:
            main.close()
        options = {
            "db_replica_host": config["db_host"] or "127.0.0.1",
            "db_replica_port": config["db_port"] or 5432,
            "db_replica_user": role,
            "db_replica_password": password,
        }
        try:
            replica = psycopg2.connect(
                dbname=self.db,
                host=options["db_replica_host"],
                port=options["db_replica_port"],
                user=role,
                password=password,
            )
        except psycopg2.OperationalError:
            return None
        replica.close()
        return options

    def drop_replica_role(self):
        if not self.replica_role:
            return
        main = self._connect()
        main.autocommit = True
        try:
            with main.cursor() as cr:
                ident = sql.Identifier(self.replica_role)
                cr.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE usename = %s",
                    [self.replica_role],
                )
                cr.execute(sql.SQL("DROP OWNED BY {}").format(ident))
                cr.execute(sql.SQL("DROP ROLE {}").format(ident))
        finally:
            main.close()

    def start(self):
        replica = self.make_replica_role() if self.with_replica else None
        conf = self.workdir / "odoo.conf"
        rcfile = config["config"]
        base = Path(rcfile).read_text(encoding="utf-8") if rcfile else ""
        lines = [base if "[options]" in base else "[options]\n" + base]
        for key, value in (replica or {}).items():
            lines.append(f"{key} = {value}")
        # Passwords inside: readable by this user only, from the start.
        descriptor = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        command = [
            sys.executable,
            self.script,
            "-c",
            str(conf),
            "-d",
            self.db,
            f"--db-filter=^{self.db}$",
            f"--workers={self.workers}",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            f"--log-level={self.log_level}",
            *(f"--log-handler={handler}" for handler in self.log_handlers),
        ]
        if self.with_replica and not replica:
            command.append("--dev=replica")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter)
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **self.env},
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server stopped:\n{self.log_tail()}")
            try:
                # The first request of a worker loads the registry: be patient.
                # The long-polling (gevent) process must answer as well, where
                # gevent works in this Python.
                urls = [self.url]
                if gevent_works():
                    urls.append(f"http://127.0.0.1:{self.gevent_port}")
                if all(
                    requests.get(f"{url}/web/health", timeout=60).ok for url in urls
                ):
                    return bool(replica)
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(1)
        raise AssertionError(f"the server did not answer:\n{self.log_tail()}")

    def log_text(self):
        return self.log.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, size=4000):
        return self.log_text()[-size:]

    def stop(self):
        if os.environ.get("FOCUS_WORKERS_LOG"):
            shutil.copy(self.log, os.environ["FOCUS_WORKERS_LOG"])
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        self.drop_replica_role()

    def query(self, query, params=()):
        """Committed state, seen from a new transaction on the primary."""
        cnx = self._connect()
        try:
            with cnx.cursor() as cr:
                cr.execute(query, params)
                return cr.fetchall()
        finally:
            cnx.close()
