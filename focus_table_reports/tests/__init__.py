from . import test_http_smoke
