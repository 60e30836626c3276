"""om_check.py FILE: parses an OpenMetrics exposition with prometheus_client's own parser."""
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families

path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        families = list(text_string_to_metric_families(f.read()))
except Exception as e:  # the parser raises ValueError and friends on any violation
    print(f"{path}: INVALID: {e}")
    sys.exit(1)
print(f"{path}: OK ({len(families)} families)")
