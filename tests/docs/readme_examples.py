#!/usr/bin/python3
"""readme_examples.py BIN WORK: runs the README's "Where it runs" examples (CI, nightly,
monitoring) against the behaviour they show, so the README cannot drift.

Every ```sh and ```yaml block of that section is extracted from README.md; YAML must parse;
every statuslint command in them (shell lines, cron lines, `run:` and `script:` entries) is run
on the bundled samples with its absolute paths moved under WORK. Each run must exit as its
options say (1 on the samples' error findings, 0 with --exit-zero) and every report it writes
is checked with the validators of tests/validate: SARIF and Code Quality against their
schemas, JUnit with xmllint against the xunit XSD, Prometheus with `promtool check metrics`,
OpenMetrics with prometheus_client's parser, JSON/JSON Lines/text with validate.py.
--update-baseline commands run twice: the second night must report nothing new. The alerting
rules of docs/monitoring.md pass `promtool check rules` and, fed the metrics a README command
wrote, `promtool test rules` with the alerts those metrics must raise.
The curl to a Pushgateway runs against a real prometheus-pushgateway started on 127.0.0.1
(when installed), which must then serve the pushed metrics. Other commands (the staging
traffic script) are listed, not run.
Exit 0 all good, 1 on any failure, 77 when a validator is missing."""
import gzip, json, os, re, shlex, shutil, socket, subprocess, sys, time, urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..'))
VALIDATE = os.path.join(SRC, 'tests', 'validate', 'validate.py')
SCHEMAS = os.path.join(SRC, 'tests', 'validate', 'schemas')  # travel with the project
failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg, flush=True)


def need(tool):
    if not shutil.which(tool):
        print('SKIPPED: %s is not installed' % tool)
        sys.exit(77)


def section(text, title):
    start = text.index('\n## ' + title + '\n')
    end = text.find('\n## ', start + 1)
    return text[start:end if end > 0 else len(text)]


def blocks(text, langs):
    return [(m.group(1), m.group(2)) for m in re.finditer(r'^```(\w+)\n(.*?)^```', text, re.M | re.S)
            if m.group(1) in langs]


def sh_commands(body):
    """Logical lines (backslash continuations joined), comments dropped, cron fields stripped."""
    out, cur = [], ''
    for line in body.splitlines():
        if not cur and line.lstrip().startswith('#'):
            continue
        if line.endswith('\\'):
            cur += line[:-1] + ' '
            continue
        if line.rstrip().endswith(('&&', '||', '|')):   # the command goes on on the next line
            cur += line + ' '
            continue
        cur += line
        if cur.strip():
            m = re.match(r'^\s*(\S+\s+){5}root\s+(.*)$', cur)   # /etc/cron.d line
            out.append(m.group(2) if m and 'statuslint' in m.group(2) else cur.strip())
        cur = ''
    return out


def yaml_commands(doc):
    found = []
    def walk(v, key=None):
        if isinstance(v, dict):
            for k, x in v.items(): walk(x, k)
        elif isinstance(v, list):
            for x in v: walk(x, key)
        elif isinstance(v, str) and key in ('run', 'script'):
            found.append(v)
    walk(doc)
    return found


def setup(work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, 'logs'))
    sample = open(os.path.join(SRC, 'samples', 'combined.log'), 'rb').read()
    open(os.path.join(work, 'logs', 'access.log'), 'wb').write(sample)
    nginx = os.path.join(work, 'var', 'log', 'nginx')
    os.makedirs(nginx)
    open(os.path.join(nginx, 'access.log'), 'wb').write(sample)
    open(os.path.join(nginx, 'access.log.1'), 'wb').write(gzip.compress(sample))  # rotated, compressed


def relocate(work, arg):
    if arg.startswith(('/var/', '/tmp/')):
        p = work + arg
        os.makedirs(os.path.dirname(p.rstrip('/')) or work, exist_ok=True)
        return p
    return arg


def outputs(args):
    """(format, path or None for stdout) pairs, as statuslint pairs -f and -o."""
    pairs = []
    i = 0
    while i < len(args):
        if args[i] in ('-f', '--format'):
            pairs.append([args[i + 1], None]); i += 2; continue
        if args[i] in ('-o', '--output'):
            if not pairs: pairs.append(['text', None])
            pairs[-1][1] = args[i + 1]; i += 2; continue
        i += 1
    return pairs or [['text', None]]


def check_report(fmt, path, tag):
    def run(cmd):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode == 77: print('SKIPPED: ' + r.stdout.strip()); sys.exit(77)
        if r.returncode != 0 or (fmt == 'prometheus' and (r.stdout.strip() or r.stderr.strip())):
            fail('%s: %s report %s: %s %s' % (tag, fmt, path, r.stdout.strip()[:400], r.stderr.strip()[:400]))
    if not os.path.isfile(path) or (fmt != 'jsonl' and os.path.getsize(path) == 0):
        fail('%s: %s report %s was not written' % (tag, fmt, path)); return
    schemas = SCHEMAS
    if fmt == 'sarif': run([sys.executable, VALIDATE, 'sarif', path, os.path.join(schemas, 'sarif-schema-2.1.0.json')])
    elif fmt == 'codequality': run([sys.executable, VALIDATE, 'codequality', path, os.path.join(schemas, 'gitlab-codequality.schema.json')])
    elif fmt == 'junit': run(['xmllint', '--noout', '--schema', os.path.join(schemas, 'jenkins-xunit-junit-10.xsd'), path])
    elif fmt == 'prometheus': run(['sh', '-c', 'promtool check metrics < "$1"', 'sh', path])
    elif fmt == 'openmetrics': run([sys.executable, os.path.join(SRC, 'tests', 'validate', 'om_check.py'), path])
    elif fmt in ('json', 'jsonl', 'text'): run([sys.executable, VALIDATE, fmt, path])
    elif fmt == 'github':
        for line in open(path, encoding='utf-8'):
            if not line.startswith(('::error ', '::warning ', '::notice ', 'statuslint: ')):
                fail('%s: github output line is not a workflow command: %r' % (tag, line[:120]))
    elif fmt == 'markdown':
        if not open(path, encoding='utf-8').read().startswith('## statuslint\n'):
            fail('%s: markdown report does not start with its heading' % tag)
    print('ok: %s: %s %s' % (tag, fmt, os.path.basename(path)), flush=True)


def run_statuslint(bin_, work, cmd, tag, night=1):
    args = shlex.split(cmd)
    args = [relocate(work, a) for a in args[1:]]
    env = dict(os.environ, CI='true')
    r = subprocess.run([bin_] + args, cwd=work, capture_output=True, env=env, timeout=300)
    lenient = '--exit-zero' in args or ('--fail-on' in args and args[args.index('--fail-on') + 1] == 'none')
    want = 0 if lenient or night > 1 else 1   # the samples hold error-level findings
    if r.returncode != want:
        fail('%s: exit %d, the example implies %d; stderr: %s' % (tag, r.returncode, want, r.stderr.decode()[:400]))
    for fmt, path in outputs(args):
        if path is None or path == '-':
            path = os.path.join(work, 'stdout.%s.%d' % (fmt, night))
            open(path, 'wb').write(r.stdout)
        elif not os.path.isabs(path):
            path = os.path.join(work, path)
        if path == os.devnull: continue
        check_report(fmt, path, tag)
        if night > 1 and fmt == 'jsonl' and os.path.getsize(path):
            fail('%s: the second night reported %d findings again' % (tag, len(open(path).readlines())))
        if fmt == 'prometheus' and night == 1:
            shutil.copy(path, os.path.join(work, 'night1.prom'))
    return r


def alert_tests(work, rules_text):
    rules = os.path.join(work, 'alerts.yml')
    open(rules, 'w').write(rules_text)
    r = subprocess.run(['promtool', 'check', 'rules', rules], capture_output=True, text=True)
    if r.returncode: fail('docs/monitoring.md alerting rules: ' + r.stdout + r.stderr); return
    print('ok: promtool check rules docs/monitoring.md', flush=True)
    prom = os.path.join(work, 'night1.prom')
    if not os.path.exists(prom):
        fail('no README command wrote -f prometheus metrics to feed the alert test'); return
    series, values = [], {}
    for line in open(prom):
        if line.startswith('#') or not line.strip(): continue
        name, value = line.rsplit(' ', 1)
        labels = name[name.index('{') + 1:-1] + ',' if '{' in name else ''
        metric = name.split('{')[0]
        series.append({'series': '%s{%sinstance="web1"}' % (metric, labels), 'values': '%s+0x10' % value.strip()})
        values[name] = float(value)
    alerts = []
    for name, v in values.items():
        m = re.match(r'statuslint_last_run_findings\{rule="([^"]+)",severity="error"\}', name)
        if m and v > 0:
            alerts.append({'exp_labels': {'severity': 'ticket', 'rule': m.group(1), 'instance': 'web1'},
                           'exp_annotations': {'summary': '%g new error-level findings of %s last night' % (v, m.group(1))}})
    if not alerts: fail('the metrics hold no error finding, so the alert test would prove nothing')
    stale = values['statuslint_last_run_timestamp_seconds'] - values['statuslint_last_run_newest_record_timestamp_seconds']
    stale_alerts = [{'exp_labels': {'severity': 'warning', 'instance': 'web1', 'job': 'statuslint'},
                     'exp_annotations': {'summary': 'the newest record statuslint read is over two days old: is the log rotated or shipped?'}}] \
        if stale > 2 * 86400 else []
    for s in series: s['series'] = s['series'].replace('instance="web1"', 'instance="web1",job="statuslint"')
    test = {'rule_files': [rules], 'evaluation_interval': '1m', 'tests': [{
        'interval': '1m', 'input_series': series, 'alert_rule_test': [
            {'eval_time': '5m', 'alertname': 'StatuslintNewErrorFindings', 'exp_alerts': alerts},
            {'eval_time': '5m', 'alertname': 'StatuslintLogsStale', 'exp_alerts': stale_alerts},
            {'eval_time': '5m', 'alertname': 'StatuslintRunFailed', 'exp_alerts': []},
            {'eval_time': '5m', 'alertname': 'StatuslintManyRejectedLines', 'exp_alerts': []}]}]}
    tpath = os.path.join(work, 'alerts.test.yml')
    open(tpath, 'w').write(yaml.safe_dump(test))
    r = subprocess.run(['promtool', 'test', 'rules', tpath], capture_output=True, text=True)
    if r.returncode: fail('promtool test rules: ' + (r.stdout + r.stderr)[-1500:]); return
    print('ok: promtool test rules: %d error-rule alerts, stale-logs alert %s' % (len(alerts), 'fires' if stale_alerts else 'quiet'))


class Pushgateway:
    """prometheus-pushgateway on a free 127.0.0.1 port, for the test's lifetime."""
    def __init__(self, work):
        self.proc = None
        exe = shutil.which('prometheus-pushgateway')
        if not exe: return
        with socket.socket() as so:
            so.bind(('127.0.0.1', 0))
            self.addr = '127.0.0.1:%d' % so.getsockname()[1]
        self.proc = subprocess.Popen([exe, '--web.listen-address=' + self.addr],
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, 'pushgateway.log'), 'wb'))
        for _ in range(100):
            try:
                urllib.request.urlopen('http://%s/-/ready' % self.addr, timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        fail('prometheus-pushgateway did not start on ' + self.addr)

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)


def run_curl(work, part, gw):
    if not gw.proc:
        print('not run (prometheus-pushgateway is not installed): ' + part[:70]); return
    args = shlex.split(part)
    m = [a for a in args if a.startswith('http://')]
    if len(m) != 1 or '/metrics/job/' not in m[0]:
        fail('README: the Pushgateway command has no push URL: ' + part); return
    url = re.sub(r'^http://[^/]+', 'http://' + gw.addr, m[0])
    args = [url if a == m[0] else '@' + relocate(work, a[1:]) if a.startswith('@') else a for a in args]
    r = subprocess.run(args, cwd=work, capture_output=True, timeout=60)
    if r.returncode != 0:
        fail('README: %s: exit %d: %s' % (part[:60], r.returncode, r.stderr.decode()[:300])); return
    job = re.search(r'/metrics/job/([^/]+)', url).group(1)
    served = urllib.request.urlopen('http://%s/metrics' % gw.addr, timeout=5).read().decode()
    want = re.compile(r'^statuslint_last_run_records\{[^}]*job="%s"[^}]*\} [1-9]' % re.escape(job), re.M)
    if not want.search(served):
        fail('README: the Pushgateway does not serve the pushed statuslint metrics')
    else:
        print('ok: README: curl pushed the metrics; the Pushgateway serves them for job %s' % job)


def run_all(bin_, work, commands, gw):
    ran = 0
    for full in commands:
        parts = [p.strip() for p in full.split('&&')]
        for k, part in enumerate(parts):
            if part.startswith('curl ') and 'pushgateway' in part:
                run_curl(work, part, gw); continue
            if not part.startswith('statuslint '):
                print('not run: %s' % part[:80]); continue
            tag = 'README: ' + part[:70]
            ran += 1
            r = run_statuslint(bin_, work, part, tag)
            if r.returncode != 0 and k + 1 < len(parts):
                fail('%s: exits %d, so the shell would not run `&& %s`' % (tag, r.returncode, parts[k + 1][:40]))
            if '--update-baseline' in part:
                run_statuslint(bin_, work, part, tag + ' (night 2)', night=2)
    return ran


def main():
    if len(sys.argv) != 3: sys.exit(__doc__)
    bin_, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    for tool in ('xmllint', 'promtool'): need(tool)
    readme = open(os.path.join(SRC, 'README.md'), encoding='utf-8').read()
    text = section(readme, 'Where it runs')
    setup(work)
    commands = []
    for lang, body in blocks(text, ('sh', 'yaml')):
        if lang == 'yaml':
            try:
                commands += yaml_commands(yaml.safe_load(body))
            except yaml.YAMLError as e:
                fail('README YAML block does not parse: %s' % e)
        else:
            commands += sh_commands(body)
    gw = Pushgateway(work)
    try:
        ran = run_all(bin_, work, commands, gw)
    finally:
        gw.stop()
    if ran < 6: fail('only %d statuslint commands found in the README section' % ran)
    mon = open(os.path.join(SRC, 'docs', 'monitoring.md'), encoding='utf-8').read()
    ylist = blocks(mon, ('yaml',))
    if not ylist: fail('docs/monitoring.md has no alerting rules block')
    else: alert_tests(work, ylist[0][1])
    print('%d README commands run, %d failure(s)' % (ran, len(failures)))
    sys.exit(1 if failures else 0)


main()
