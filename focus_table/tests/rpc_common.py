from urllib.parse import urljoin


class RpcError(Exception):
    """An error answered by the server to a JSON-RPC call, with its message."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class JsonRpcMixin:
    """Call model methods as the web client does, keeping the error's message."""

    def call(self, model, method, *args, **kwargs):
        response = self.opener.post(
            urljoin(self.base_url(), f"/web/dataset/call_kw/{model}/{method}"),
            json={
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            },
            timeout=60,
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            data = answer["error"]["data"]
            raise RpcError(data["name"], data["message"])
        return answer.get("result")

    def as_user(self, user):
        self.authenticate(user.login, user.login)
