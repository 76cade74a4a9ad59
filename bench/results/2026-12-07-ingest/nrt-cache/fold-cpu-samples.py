# Folds `jfr print --json --stack-depth 48 --events jdk.CPUTimeSample REC > cpu.json` by thread group (the bench's
# ThreadCpu patterns) over the last 45% of the samples, and lists the index threads' hottest frames.
import json,sys,re,collections
d=json.load(open('cpu.json'))
ev=d['recording']['events']
times=sorted(e['values']['startTime'] for e in ev)
t0,t1=times[0],times[-1]
print(len(ev),t0,t1)
# keep the last 45% of samples by time (passes ~9-16 + measured)
cut=times[int(len(times)*0.55)]
def grp(n):
    if re.match(r'^(data-plane-kafka|kafka-\d|kafka-scheduler|kafka-log-cleaner|group-coordinator|share-coordinator|quorum-controller|TxnMarkerSenderThread|AddPartitionsToTxnSender|broker-\d|controller-\d|log-closing|executor-|PersisterStateManager|ExpirationReaper|LogDirFailureHandler|ReplicaFetcher|ReplicaAlterLogDirs|transaction-log-manager)',n): return 'broker'
    if re.match(r'^(sightline-extract-.*-StreamThread-\d+|ingest-loader-\d+|descriptor-\d+)$',n): return 'extract'
    if re.match(r'^(sightline-index-.*-StreamThread-\d+|shard-reopen-.*|Lucene Merge Thread.*)$',n): return 'index'
    if re.match(r'^(kafka-producer-network-thread|kafka-admin-client-thread|consumer_background)',n): return 'clients'
    return 'other:'+n
g=collections.Counter(); idx=collections.Counter(); idxself=collections.Counter(); oth=collections.Counter()
n=0
for e in ev:
    v=e['values']
    if v['startTime']<cut: continue
    n+=1
    th=v.get('eventThread') or v.get('sampledThread') or {}
    name=(th or {}).get('javaName') or (th or {}).get('osName') or '?'
    G=grp(name); g[G.split(':')[0]]+=1
    fr=[f['method']['type']['name'].split('.')[-1]+'.'+f['method']['name'] for f in (v.get('stackTrace') or {}).get('frames',[])]
    if G=='index':
        # attribute to first sightline/lucene "interesting" frame from top
        key=' < '.join(fr[:3]); idxself[key]+=1
        for f in set(fr):
            idx[f]+=1
    if G.startswith('other'): oth[G]+=1
print(n, g.most_common())
print('--- index inclusive')
for k,c in idx.most_common(45): print(c,k)
print('--- index top3')
for k,c in idxself.most_common(25): print(c,k)
print('--- other threads', oth.most_common(10))
