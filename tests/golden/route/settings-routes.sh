# `routes:` in .statuslint.yml: the user's patterns name routes before the classifier; the
# most specific pattern wins (a literal segment beats a placeholder, which beats a *).
cd "$TMPDIR"
cat > .statuslint.yml <<'YML'
routes:
  - /users/{id}/orders/{id}
  - /users/me/orders/{id}
  - /static/*
YML
cat > r.yml <<'YML'
rules:
  - id: local.not-found
    title: any 404
    severity: info
    codes: [404]
    when: status == 404
    message: "{path} is {route}"
YML
l() { printf '203.0.113.7 - - [01/Jun/2026:10:00:00 +0000] "GET %s HTTP/1.1" 404 9 "-" "curl/8"\n' "$1"; }
{ l /users/alice/orders/9; l /users/me/orders/10; l /static/css/site.css; l /static
  l /api/v2/items/5f2b1c3d9e8a7b6c5d4e3f2a; l /u/3fa85f64-5717-4562-b3fc-2c963f66afa6; } > a.log
statuslint --no-progress --no-default-rules --rules r.yml a.log | sed -n '/ is /p'
