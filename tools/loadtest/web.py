"""One browser session over JSON-RPC, as the web client talks to Odoo, timed
per operation for locust. Runs in the locust virtualenv: no Odoo here."""

import json
import os
import time
from contextlib import contextmanager

import requests
from locust.exception import RescheduleTask

TIMEOUT = 120


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name") or "error"
        self.message = data.get("message") or error.get("message") or ""
        super().__init__(f"{self.name}: {self.message}")


class Operation:
    def __init__(self, name):
        self.name = name


class Session:
    """A logged-in user; every request belongs to the operation being timed."""

    def __init__(self, host, db, environment, records):
        self.records = records
        self.host = host
        self.db = db
        self.environment = environment
        self.http = requests.Session()
        self.uid = None

    # ------------------------------------------------------------------
    # Operations: one locust entry each, whatever number of requests
    # ------------------------------------------------------------------
    @contextmanager
    def operation(self, name):
        """Time the block as one operation named ``name`` (the block may rename
        it); an error fails it and ends the task (locust goes on with the next)."""
        operation = Operation(name)
        start = time.perf_counter()
        self._size = 0
        exception = None
        try:
            yield operation
        except RescheduleTask:
            raise
        except Exception as error:  # noqa: BLE001 (any failure is the operation's)
            exception = error
        elapsed = (time.perf_counter() - start) * 1000
        # Every operation, also the logins and errors of the ramp-up, which
        # locust's statistics leave out (they start once everyone is in).
        self.records.write(
            kind="operation",
            name=operation.name,
            at=round(time.time(), 2),
            ms=round(elapsed, 1),
            error=None if exception is None else repr(exception)[:300],
        )
        self.environment.events.request.fire(
            request_type="op",
            name=operation.name,
            response_time=elapsed,
            response_length=self._size,
            exception=exception,
            context={},
        )
        if exception is not None:
            raise RescheduleTask() from exception

    def _post(self, path, params):
        response = self.http.post(
            f"{self.host}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 0, "params": params},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        self._size += len(response.content)
        answer = response.json()
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer["result"]

    def get(self, path):
        response = self.http.get(f"{self.host}{path}", timeout=TIMEOUT)
        response.raise_for_status()
        self._size += len(response.content)
        return response

    # ------------------------------------------------------------------
    # What the web client sends
    # ------------------------------------------------------------------
    def authenticate(self, login, password):
        result = self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        self.uid = result["uid"]
        assert self.uid, f"{login} could not log in"
        return result

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids, context=None):
        return self._post(
            f"/web/dataset/call_button/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": context or {}},
            },
        )

    def route(self, path, **params):
        return self._post(path, params)


class Records:
    """What the load did that the database must show afterwards: one JSON line
    per identity read and per decision, appended to the run's file."""

    def __init__(self, path=None):
        self.path = path or os.environ.get("LOADTEST_RECORDS")

    def write(self, **entry):
        if not self.path:
            return
        # One write per line, opened for appending: lines never interleave.
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
