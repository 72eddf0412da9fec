"""A real S3-compatible HTTP server on 127.0.0.1: moto's server mode (the `dev` extra).

    def test_x(s3_server):            # "http://127.0.0.1:PORT"; any key pair is accepted
        boto3.client("s3", endpoint_url=s3_server, ...)
"""

from __future__ import annotations

import pytest
import requests


@pytest.fixture
def s3_server():
    moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed "
                                      "(the dev extra installs it)")
    from tests.helpers.nginx import free_port

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(),
                                            verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    # moto keeps its buckets in the process, across servers: each test starts empty.
    requests.post(f"{url}/moto-api/reset", timeout=10).raise_for_status()
    yield url
    server.stop()
