#!/usr/bin/env python3
# The core library must stay free of GTK: no header of it included, and no
# symbol of GTK, GDK, GSK or libadwaita referenced by the built archive.
import os
import re
import subprocess
import sys

top, archive = sys.argv[1], sys.argv[2]
problems = []

include = re.compile(r'#\s*include\s*[<"](gtk|gdk|gsk|adwaita)[/.]')
for root, dirs, files in os.walk(os.path.join(top, 'src', 'core')):
    for fn in files:
        if fn.endswith(('.c', '.h', '.in')):
            path = os.path.join(root, fn)
            with open(path, encoding='utf-8', errors='replace') as f:
                for n, line in enumerate(f, 1):
                    if include.search(line):
                        problems.append(f'{os.path.relpath(path, top)}:{n}: includes {line.strip()}')

out = subprocess.run(['nm', '-u', archive], capture_output=True, text=True, check=True).stdout
for line in out.splitlines():
    sym = line.split()[-1] if line.split() else ''
    if re.match(r'(gtk|gdk|gsk|adw)_', sym):
        problems.append(f'{os.path.basename(archive)}: references {sym}')

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
