"""followlib.py: what the follow tests share: a free loopback port, and waiting for a started
`statuslint follow --listen` to answer /healthz (SKIPPED, exit 77, on a build without
libmicrohttpd)."""
import socket
import time
import urllib.request

SKIP = 77


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(p, port, stderr, seconds=10):
    """p: the follow process; stderr(): its standard error so far."""
    deadline = time.time() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            if p.poll() is not None and "without libmicrohttpd" in stderr():
                print("SKIPPED: statuslint was built without libmicrohttpd")
                raise SystemExit(SKIP)
            if time.time() > deadline or p.poll() is not None:
                raise SystemExit(f"FAIL: follow did not start: {stderr()}")
            time.sleep(0.05)
