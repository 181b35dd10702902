#!/usr/bin/env python3
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
import os
import re
import sys

top = sys.argv[1]
listed = set()
with open(os.path.join(top, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

problems = []

for name in sorted(listed):
    if not os.path.exists(os.path.join(top, name)):
        problems.append(f'po/POTFILES.in: {name} does not exist')

for sub in ('src', 'data'):
    for root, dirs, files in os.walk(os.path.join(top, sub)):
        dirs.sort()
        for fn in sorted(files):
            if not fn.endswith(('.c', '.ui', '.in', '.xml')):
                continue
            path = os.path.join(root, fn)
            rel = os.path.relpath(path, top)
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            if fn.endswith('.c'):
                found = re.search(r'\b_\(|\bN_\(', text)
            elif fn.endswith('.ui'):
                found = 'translatable="yes"' in text
            elif fn.endswith('.gschema.xml'):
                found = '<summary>' in text
            elif '.desktop.in' in fn:
                found = re.search(r'^(Name|GenericName|Comment|Keywords)=', text, re.M)
            elif '.metainfo.xml.in' in fn:
                found = re.search(r'<(name|summary|description)>', text)
            else:
                found = False
            if found and rel not in listed:
                problems.append(f'{rel}: has translatable strings but is not in po/POTFILES.in')

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
