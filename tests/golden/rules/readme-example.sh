# The README's rule-file example (the YAML block that defines rules:) loads and passes its tests.
/usr/bin/python3 - > "$TMPDIR/readme-rules.yml" <<'PY'
import re
blocks = re.findall(r"```yaml\n(.*?)```", open("README.md").read(), re.S)
rules = [b for b in blocks if re.search(r"^rules:\n  - id:", b, re.M)]
print(rules[0] if rules else "", end="")
PY
statuslint rules test "$TMPDIR/readme-rules.yml"
