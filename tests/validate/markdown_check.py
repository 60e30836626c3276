#!/usr/bin/python3
"""markdown_check.py FILE...: renders statuslint Markdown reports with cmark-gfm (GitHub's
own renderer, with the table, autolink, tagfilter and strikethrough extensions) and checks
that log bytes did not turn into markup: only the elements statuslint writes itself appear
(h2 p strong code table thead tbody tr th td), every table row has as many cells as the
header, and no control character survives. Exit 0 valid, 1 invalid, 77 without cmark-gfm."""
import html.parser, re, shutil, subprocess, sys

ALLOWED = {'h2', 'p', 'strong', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td'}


class Shape(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad, self.rows, self.cells = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED: self.bad.append('<%s %s>' % (tag, attrs))
        if tag == 'tr': self.cells = 0
        if tag in ('td', 'th'): self.cells += 1

    def handle_endtag(self, tag):
        if tag == 'tr': self.rows.append(self.cells)

    def handle_comment(self, data):
        self.bad.append('<!--%s-->' % data)


def check(path):
    data = open(path, 'rb').read()
    text = data.decode('utf-8')  # raises on invalid UTF-8
    m = re.search(r'[\x00-\x08\x0b-\x1f\x7f-\x9f]', text)
    if m: return 'raw control character U+%04X' % ord(m.group())
    if not text.startswith('## statuslint\n'): return 'does not start with the report heading'
    r = subprocess.run(['cmark-gfm', '-e', 'table', '-e', 'autolink', '-e', 'tagfilter',
                        '-e', 'strikethrough', path], capture_output=True, text=True)
    if r.returncode: return 'cmark-gfm failed: ' + r.stderr
    shape = Shape()
    shape.feed(r.stdout)
    if shape.bad: return 'log bytes became markup: %s' % ', '.join(shape.bad[:5])
    if shape.rows and len(set(shape.rows)) != 1: return 'table rows have %s cells' % sorted(set(shape.rows))
    if '<table>' not in r.stdout and '| rule |' in text: return 'the findings table did not render'
    return None


def main():
    if not shutil.which('cmark-gfm'):
        print('SKIPPED: cmark-gfm is not installed')
        sys.exit(77)
    bad = 0
    for path in sys.argv[1:]:
        why = check(path)
        print('%s: %s' % (path, 'INVALID: ' + why if why else 'OK'))
        bad |= why is not None
    sys.exit(1 if bad else 0)


main()
