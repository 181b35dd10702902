#!/usr/bin/env python3
# Checks that the Flatpak manifests parse and build everything Ferry links
# that the GNOME runtime does not already provide.
import json
import os
import re
import sys

top = sys.argv[1]
problems = []

# What the GNOME Platform ships; anything else Ferry depends on must be a
# module of the manifest.
runtime_provides = {'glib-2.0', 'gio-2.0', 'gio-unix-2.0', 'gtk4', 'libadwaita-1',
                    'libsoup-3.0', 'json-glib-1.0', 'sqlite3', 'yaml-0.1'}

with open(os.path.join(top, 'meson.build'), encoding='utf-8') as f:
    deps = set(re.findall(r"dependency\('([^']+)'", f.read()))

for name in ('io.github.ferrydeploy.Ferry.json', 'io.github.ferrydeploy.Ferry.Devel.json'):
    path = os.path.join(top, 'flatpak', name)
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f'flatpak/{name}: {e}')
        continue

    for key in ('id', 'runtime', 'runtime-version', 'sdk', 'command', 'finish-args', 'modules'):
        if key not in manifest:
            problems.append(f'flatpak/{name}: missing "{key}"')

    if manifest.get('runtime') != 'org.gnome.Platform':
        problems.append(f'flatpak/{name}: runtime is not org.gnome.Platform')

    if manifest.get('id') != name[:-len('.json')]:
        problems.append(f'flatpak/{name}: id does not match the file name')

    modules = {m.get('name'): m for m in manifest.get('modules', []) if isinstance(m, dict)}
    for dep in sorted(deps - runtime_provides):
        if dep not in modules:
            problems.append(f'flatpak/{name}: dependency {dep} is neither in the runtime nor a module')

    for mod in modules.values():
        for src in mod.get('sources', []):
            if src.get('type') == 'archive' and not re.fullmatch(r'[0-9a-f]{64}', src.get('sha256', '')):
                problems.append(f'flatpak/{name}: module {mod["name"]}: archive without a sha256')

    libgit2 = modules.get('libgit2', {})
    opts = libgit2.get('config-opts', [])
    for want in ('-DBUILD_SHARED_LIBS=ON', '-DUSE_SSH=OFF', '-DBUILD_TESTS=OFF'):
        if want not in opts:
            problems.append(f'flatpak/{name}: libgit2 lacks {want}')

    if list(modules)[-1:] != ['ferry']:
        problems.append(f'flatpak/{name}: ferry must be the last module')

    if '--share=network' not in manifest.get('finish-args', []):
        problems.append(f'flatpak/{name}: remote targets need --share=network')

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
