#!/usr/bin/env python3
"""Validate the unseen identity-stripping corpus (adapted from HeldOut/check.py).

Checks, for every NN_slug.txt / NN_slug.json pair in this directory:
  * the JSON parses and has exactly the keys identities, keep, remove, preserve;
  * remove has the base kinds (declared, phone, email, document, birthDate,
    address, undeclared) and any other kind is one of the known names;
  * every string in keep, remove.* and preserve occurs verbatim, as whole words, in the .txt;
  * no duplicates inside a list, no empty strings;
  * every preserve string occurs at least once outside every removed span,
    and no preserve string contains (or equals) a string to remove;
  * the note is 300-1500 characters.
Identities are the journalist's declarations; they need not occur verbatim
(the point of many samples is that only other forms occur). They are reported.
Prints counts per category. Exit status 1 on any error.
"""
import json, os, re, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = ['declared', 'phone', 'email', 'document', 'birthDate', 'address', 'undeclared']
OTHER = ['card', 'iban', 'handle', 'url', 'ip', 'plate', 'wallet', 'vin', 'iccid',
         'mac', 'gps', 'caseNumber', 'mrz']
KINDS = set(BASE) | set(OTHER)

def occurrences(text, s):
    """Occurrences of s as whole words: where s begins (ends) with a letter or
    digit, the character before (after) it must not be one; the evaluator
    counts with word boundaries too."""
    pat = (r'(?<!\w)' if re.match(r'\w', s) else '') + re.escape(s) + \
          (r'(?!\w)' if re.search(r'\w$', s) else '')
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]

def main():
    errors, notes = [], []
    counts = collections.Counter()
    samples = collections.Counter()
    nametxt = sorted(f for f in os.listdir(HERE) if re.match(r'^\d\d_[a-z0-9_]+\.txt$', f))
    namejson = sorted(f for f in os.listdir(HERE) if re.match(r'^\d\d_[a-z0-9_]+\.json$', f))
    if [f[:-4] for f in nametxt] != [f[:-5] for f in namejson]:
        errors.append('txt/json files do not pair up')
    for t in nametxt:
        stem = t[:-4]
        def err(m): errors.append(f'{stem}: {m}')
        with open(os.path.join(HERE, t), 'rb') as f:
            try:
                text = f.read().decode('utf-8')
            except UnicodeDecodeError as e:
                err(f'not UTF-8: {e}'); continue
        try:
            with open(os.path.join(HERE, stem + '.json'), encoding='utf-8') as f:
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
                    if s not in text: notes.append(f'{stem}: identity "{s}" only in other forms')
                continue
            for s in lst:
                if not occurrences(text, s): err(f'{name}: {s!r} not in text as a whole word')
        spans = []
        allrem = [s for v in rem.values() for s in v]
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
