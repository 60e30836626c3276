#!/usr/bin/env python3
"""peakrss.py CMD...: runs CMD (stdout discarded) and prints its peak resident memory in MiB
and its wall time in seconds, as 'peak_rss_mib=N wall_s=N'."""
import resource
import subprocess
import sys
import time

t = time.monotonic()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.monotonic() - t
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print("peak_rss_mib=%.1f wall_s=%.2f exit=%d" % (peak, wall, rc))
