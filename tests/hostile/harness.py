"""harness.py: what the hostile tests share: one list of failures, fail() and ok() that print
as they go, and run(), which gives a command a time limit and counts running past it as a
failure (then it returns None)."""
import subprocess

failures = []


def fail(what):
    failures.append(what)
    print('FAIL: ' + what, flush=True)


def ok(what):
    print('ok ' + what, flush=True)


def run(args, timeout=120, **kw):
    try:
        return subprocess.run(args, capture_output=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        fail('timed out after %ds: %r' % (timeout, list(args)[:8]))
        return None
