# Late JIT compilations in a bench ingest run: reads `jfr print --json --events jdk.Compilation REC.jfr > comp.json`
# (in the working folder), prints compile wall time per 20 s of the recording, then the window 200-275 s
# (warm-up passes 12-16 and the measured pass here) by package and by method, then the methods C2 compiled most often.
import json,sys,collections,datetime
d=json.load(open('comp.json'))['recording']['events']
def t(s): return datetime.datetime.fromisoformat(s.replace('Z','+00:00'))
def dur(s):
    # ISO 8601 duration like PT0.001234S
    s=s[2:]
    tot=0.0
    num=''
    for ch in s:
        if ch in 'HMS':
            tot+=float(num)*{'H':3600,'M':60,'S':1}[ch]; num=''
        else: num+=ch
    return tot
evs=[]
for e in d:
    v=e['values']
    m=v['method']; name=m['type']['name']+'.'+m['name']
    evs.append((t(v['startTime']),dur(v['duration']),name,v['compileLevel'],v.get('isOsr'),v.get('codeSize',0)))
evs.sort()
t0=evs[0][0]
b=collections.defaultdict(lambda:[0,0.0])
for e in evs:
    k=int((e[0]-t0).total_seconds()//20)
    b[k][0]+=1; b[k][1]+=e[1]
for k in sorted(b): print(k*20, b[k])
print('first',t0)
print('---- window 200-275s')
w=[e for e in evs if 200<=(e[0]-t0).total_seconds()<275]
byl=collections.Counter(); byld=collections.Counter()
for e in w: byl[e[3]]+=1; byld[e[3]]+=e[1]
print('levels',byl,{k:round(v,2) for k,v in byld.items()})
pk=collections.Counter(); pd=collections.Counter()
for e in w:
    p='.'.join(e[2].split('/')[:3]); pk[p]+=1; pd[p]+=e[1]
for p,v in pd.most_common(25): print(f'{v:7.2f}s {pk[p]:5d} {p}')
print('--- top methods')
md=collections.Counter(); mc=collections.Counter()
for e in w: md[(e[2],e[3])]+=e[1]; mc[(e[2],e[3])]+=1
for k,v in md.most_common(25): print(f'{v:7.3f}s x{mc[k]} L{k[1]} {k[0]}')
# repeated compiles of same method at level 4 over whole run
c4=collections.Counter(e[2] for e in evs if e[3]==4)
print('--- methods compiled at C2 most often (whole run)')
for k,v in c4.most_common(15): print(v,k)
