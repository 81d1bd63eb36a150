"""`segment --json` before/after: the same bytes, or (against a build before issue 11) the same
bytes once the new "type" key is taken off each line,
the "people", "orgs" and "places" lists added at its end are taken off, and a text page's "lang"
(null before) is put back to null. Stderr and exit codes are listed apart."""
import json, re, sys
ADDED = re.compile(r',"people":\[.*\],"orgs":\[.*\],"places":\[.*\]}$')
a=[json.loads(l) for l in open(sys.argv[1])]
b=[json.loads(l) for l in open(sys.argv[2])]
assert [x['folder'] for x in a]==[y['folder'] for y in b]
lines=same=0; gained={}; diffs=[]
for x,y in zip(a,b):
    la=x['stdout'].split('\n'); lb=y['stdout'].split('\n')
    if len(la)!=len(lb): diffs.append((x['folder'],'line count',len(la),len(lb))); continue
    for p,q in zip(la,lb):
        if not p and not q: continue
        lines+=1
        if p==q:
            same+=1
            continue
        q2=q.replace('{"type":"article",','{',1)
        if not ADDED.search(p):
            q2=ADDED.sub('}',q2)
        obj=json.loads(q2)
        if obj['format']=='text' and obj['lang'] is not None and '"lang":null' in p:
            gained[obj['lang']]=gained.get(obj['lang'],0)+1
            q2=q2.replace('"lang":%s' % json.dumps(obj['lang']), '"lang":null',1)
        if p==q2: same+=1
        else: diffs.append((x['folder'],p[:200],q2[:200]))
print(f"{lines} articles; {same} byte-identical after the rule; text pages that gained a lang: {sum(gained.values())} {dict(sorted(gained.items(), key=lambda kv:-kv[1]))}")
for d in diffs[:10]: print("DIFF",d)
