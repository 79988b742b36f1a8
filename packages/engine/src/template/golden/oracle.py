#!/usr/bin/python3
"""Records what Ansible 2.14 (ansible-core's Templar + Jinja2) does for every case in cases.yaml.

Run with the system Python that has ansible-core installed:
    /usr/bin/python3 packages/engine/src/template/golden/oracle.py
Writes golden.json next to this file; template.golden.test.ts replays it against drover's Templar.

cases.yaml holds groups; each group has optional `vars` (merged over the top-level `vars`) and
`cases`, each either {t: <value to template>} or {c: <conditional>}, with optional per-case `vars`.
"""
import datetime
import json
import os
import sys
import warnings

warnings.filterwarnings('ignore')
os.environ.setdefault('ANSIBLE_NOCOLOR', '1')

import yaml  # noqa: E402
from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.playbook.conditional import Conditional  # noqa: E402
from ansible.template import Templar  # noqa: E402
from ansible.utils.display import Display  # noqa: E402

Display().verbosity = -1
Display().warning = lambda *a, **k: None
HERE = os.path.dirname(os.path.abspath(__file__))


def encode(v):
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if isinstance(v, (str, int, float, bool)) or v is None:
        if isinstance(v, float) and (v != v or v in (float('inf'), float('-inf'))):
            return {'__float__': repr(v)}
        return v if not isinstance(v, str) else str(v)
    if isinstance(v, (set, frozenset)):
        return {'__set__': sorted(encode(x) for x in v)}
    if isinstance(v, (datetime.datetime, datetime.date)):
        return {'__repr__': repr(v)}
    return {'__repr__': repr(v), '__type__': type(v).__name__}


def run(kind, value, variables):
    loader = DataLoader()
    loader.set_basedir(os.path.join(HERE, 'files'))
    templar = Templar(loader=loader, variables=variables)
    try:
        if kind == 't':
            res = templar.template(value)
            return {'ok': encode(res), 'pytype': type(res).__name__}
        cond = Conditional(loader=loader)
        cond.when = value if isinstance(value, list) else [value]
        return {'ok': bool(cond.evaluate_conditional(templar, variables))}
    except Exception as e:  # noqa: BLE001
        return {'err': type(e).__name__, 'message': str(e)}


def main():
    with open(os.path.join(HERE, 'cases.yaml')) as f:
        spec = yaml.safe_load(f)
    base = spec.get('vars') or {}
    out = {'vars': base, 'cases': []}
    for group in spec['groups']:
        for case in group['cases']:
            v = dict(base)
            v.update(group.get('vars') or {})
            v.update(case.get('vars') or {})
            kind = 't' if 't' in case else 'c'
            value = case[kind]
            rec = {'group': group['name'], 'kind': kind, 'input': value}
            extra = dict(group.get('vars') or {})
            extra.update(case.get('vars') or {})
            if extra:
                rec['vars'] = extra
            rec.update(run(kind, value, v))
            out['cases'].append(rec)
    with open(os.path.join(HERE, 'golden.json'), 'w') as f:
        json.dump(out, f, indent=1, ensure_ascii=False, default=str)
        f.write('\n')
    print(f"{len(out['cases'])} cases written to golden.json", file=sys.stderr)


if __name__ == '__main__':
    main()
