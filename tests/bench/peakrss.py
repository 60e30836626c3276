#!/usr/bin/env python3
"""peakrss.py CMD...: runs CMD (stdout discarded) and prints its peak resident memory in MiB
its wall time and its CPU time (user + system) in seconds, as
'peak_rss_mib=N wall_s=N exit=N cpu_s=N'. CPU time moves less than wall time when other
processes share the machine."""
import resource
import subprocess
import sys
import time

t = time.monotonic()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = ru.ru_maxrss / 1024.0
print("peak_rss_mib=%.1f wall_s=%.2f exit=%d cpu_s=%.2f" % (peak, wall, rc, ru.ru_utime + ru.ru_stime))
