"""Reuters results before/after: equal up to the order of equal scores. The last tie group of a
query's 100 hits is compared by score only (which of several tied articles made the cut-off
depends on the ids' order)."""
import json, sys
a=[json.loads(l) for l in open(sys.argv[1])]
b=[json.loads(l) for l in open(sys.argv[2])]
bad=0
for x,y in zip(a,b):
    assert x['query']==y['query']
    if x['total']!=y['total'] or len(x['hits'])!=len(y['hits']):
        bad+=1; print("DIFF", x['query']); continue
    def groups(hits):
        g={}
        for p,s,t in hits: g.setdefault(round(s,2),set()).add(p)
        return g
    gx,gy=groups(x['hits']),groups(y['hits'])
    last=min(gx) if gx else None
    if set(gx)!=set(gy) or any(gx[k]!=gy[k] for k in gx if k!=last or len(x['hits'])<100) :
        bad+=1; print("DIFF", x['query'])
print(f"{len(a)} queries, {len(a)-bad} with the same hits and scores (ties in any order), {bad} different")
