#!/usr/bin/env python3
"""Validate an identity-stripping evaluation corpus: `check_corpus.py DIR [-v]`.

One checker for HeldOut, Unseen and Unseen2, so every corpus meets the same
rules. For every NN_slug.txt / NN_slug.json pair in DIR:
  * the JSON parses and has exactly the keys identities, keep, remove, preserve;
  * remove has the base kinds (declared, phone, email, document, birthDate,
    address, undeclared) and any other kind is one of the known names;
  * every string in keep, remove.* and preserve occurs in the .txt as a whole
    word (no letter or digit directly before or after it), as the evaluator counts;
  * no duplicates inside a list, no empty strings;
  * every preserve/keep string has a whole-word occurrence outside every removed
    span, and no preserve/keep string contains a string to remove;
  * the note is 300-1500 characters.
Identities need not occur verbatim; `-v` lists those seen only in other forms.
Prints counts per category. Exit status 1 on any error.
"""
import json, os, re, sys, collections

BASE = ['declared', 'phone', 'email', 'document', 'birthDate', 'address', 'undeclared']
OTHER = ['card', 'iban', 'handle', 'url', 'ip', 'plate', 'wallet', 'vin', 'iccid',
         'mac', 'gps', 'caseNumber', 'mrz']
KINDS = set(BASE) | set(OTHER)

def wordch(c):
    return c.isalnum() or c == '_'

def occurrences(text, s):
    """Whole-word occurrences of s in text, as (start, end) pairs."""
    out, i = [], text.find(s)
    while i >= 0:
        j = i + len(s)
        left = not wordch(s[0]) or i == 0 or not wordch(text[i - 1])
        right = not wordch(s[-1]) or j == len(text) or not wordch(text[j])
        if left and right:
            out.append((i, j))
        i = text.find(s, i + 1)
    return out

def main():
    dirs = [a for a in sys.argv[1:] if not a.startswith('-')]
    if len(dirs) != 1:
        print('usage: check_corpus.py DIR [-v]', file=sys.stderr)
        return 2
    folder = dirs[0]
    errors, notes = [], []
    counts = collections.Counter()
    samples = collections.Counter()
    nametxt = sorted(f for f in os.listdir(folder) if re.match(r'^\d\d_[a-z0-9_]+\.txt$', f))
    namejson = sorted(f for f in os.listdir(folder) if re.match(r'^\d\d_[a-z0-9_]+\.json$', f))
    if [f[:-4] for f in nametxt] != [f[:-5] for f in namejson]:
        errors.append('txt/json files do not pair up')
    for t in nametxt:
        stem = t[:-4]
        def err(m): errors.append(f'{stem}: {m}')
        with open(os.path.join(folder, t), 'rb') as f:
            try:
                text = f.read().decode('utf-8')
            except UnicodeDecodeError as e:
                err(f'not UTF-8: {e}'); continue
        try:
            with open(os.path.join(folder, stem + '.json'), encoding='utf-8') as f:
                d = json.load(f)
        except (OSError, ValueError) as e:
            err(f'JSON: {e}'); continue
        if set(d) != {'identities', 'keep', 'remove', 'preserve'}:
            err(f'top-level keys {sorted(d)}'); continue
        if not (300 <= len(text) <= 1500):
            err(f'length {len(text)} outside 300-1500')
        rem = d['remove']
        for k in BASE:
            if k not in rem: err(f'remove lacks {k}')
        for k in rem:
            if k not in KINDS: err(f'unknown kind {k}')
        lists = [('identities', d['identities']), ('keep', d['keep']), ('preserve', d['preserve'])]
        lists += [('remove.' + k, v) for k, v in rem.items()]
        for name, lst in lists:
            if not isinstance(lst, list) or not all(isinstance(s, str) and s for s in lst):
                err(f'{name} must be a list of non-empty strings'); continue
            if len(set(lst)) != len(lst):
                err(f'{name} has duplicates')
            if name == 'identities':
                for s in lst:
                    if not occurrences(text, s): notes.append(f'{stem}: identity "{s}" only in other forms')
                continue
            for s in lst:
                if not occurrences(text, s): err(f'{name}: {s!r} not in text as a whole word')
        allrem = [s for v in rem.values() for s in v]
        if len(set(allrem)) != len(allrem):
            err('a string is listed under two kinds')
        spans = []
        for s in allrem:
            spans += occurrences(text, s)
        for p in d['preserve'] + d['keep']:
            for r in allrem:
                if occurrences(p, r): err(f'preserve/keep {p!r} contains removed {r!r}')
            free = [o for o in occurrences(text, p)
                    if not any(a < o[1] and o[0] < b for a, b in spans)]
            if not free: err(f'{p!r} occurs only inside removed spans')
        for k, v in rem.items():
            counts[k] += len(v)
            if v: samples[k] += 1
        counts['preserve'] += len(d['preserve'])
        counts['keep'] += len(d['keep'])
        counts['identities'] += len(d['identities'])
        if d['preserve']: samples['preserve'] += 1
        if d['keep']: samples['keep'] += 1
        if d['identities']: samples['identities'] += 1
    print(f'{len(nametxt)} samples')
    for k in ['identities', 'keep'] + BASE + OTHER + ['preserve']:
        print(f'  {k:11s} {counts[k]:4d} strings in {samples[k]:2d} samples')
    if '-v' in sys.argv:
        for n in notes: print('  note:', n)
    else:
        print(f'  ({len(notes)} declared identities appear only in other forms; -v lists them)')
    for e in errors: print('ERROR', e)
    return 1 if errors else 0

if __name__ == '__main__':
    sys.exit(main())
