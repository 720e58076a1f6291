/**
 * Group commit: transactions submitted while others of this replica are in
 * flight are merged into one store transaction (their compares ANDed, their
 * ops concatenated), up to the store's per-txn op limit and only when they
 * touch disjoint keys. etcd applies transactions one at a time and pays a
 * raft round and a WAL append per transaction, so on a loaded machine fewer,
 * larger transactions cut the queue every request waits in (measured in
 * bench/allocator/README.md). A merged transaction that fails (some part's
 * compare lost a race) is re-run part by part, so each caller still gets
 * exactly its own outcome. Requests with failure ops are sent alone.
 */
import type { Store, TxnRequest, TxnResult } from '../../../lib/store/contract';

interface Pending {
  req: TxnRequest;
  keys: Set<string>;
  resolve: (res: TxnResult) => void;
  reject: (err: unknown) => void;
}

function keysOf(req: TxnRequest): Set<string> {
  const keys = new Set<string>();
  for (const c of req.compares) keys.add(c.key);
  for (const op of req.success) keys.add(op.type === 'deletePrefix' ? op.prefix : op.key);
  return keys;
}

export class GroupCommitter {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  constructor(
    private readonly store: Store,
    private readonly maxOps: number,
    private readonly maxInFlight = 2,
    /** Called per store transaction sent, with how many callers' transactions it carries. */
    private readonly onSend: (parts: number) => void = () => undefined,
  ) {}

  txn(req: TxnRequest): Promise<TxnResult> {
    if ((req.failure?.length ?? 0) > 0 || req.success.length > this.maxOps || req.compares.length > this.maxOps) {
      this.onSend(1);
      return this.store.txn(req);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ req, keys: keysOf(req), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The head of the queue plus every later request that fits beside it. */
  private takeGroup(): Pending[] {
    const group = [this.queue.shift()!];
    const keys = new Set(group[0].keys);
    let compares = group[0].req.compares.length;
    let ops = group[0].req.success.length;
    for (let i = 0; i < this.queue.length; ) {
      const p = this.queue[i];
      const fits = compares + p.req.compares.length <= this.maxOps && ops + p.req.success.length <= this.maxOps;
      if (!fits || [...p.keys].some((k) => keys.has(k))) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      group.push(p);
      for (const k of p.keys) keys.add(k);
      compares += p.req.compares.length;
      ops += p.req.success.length;
    }
    return group;
  }

  private async run(group: Pending[]): Promise<void> {
    this.onSend(group.length);
    if (group.length === 1) {
      await this.store.txn(group[0].req).then(group[0].resolve, group[0].reject);
      return;
    }
    let res: TxnResult;
    try {
      res = await this.store.txn({ compares: group.flatMap((p) => p.req.compares), success: group.flatMap((p) => p.req.success) });
    } catch (err) {
      for (const p of group) p.reject(err);
      return;
    }
    if (res.succeeded) {
      for (const p of group) p.resolve({ succeeded: true, revision: res.revision, gets: [] });
      return;
    }
    // someone's compare failed: give every part its own answer
    await Promise.all(
      group.map((p) => {
        this.onSend(1);
        return this.store.txn(p.req).then(p.resolve, p.reject);
      }),
    );
  }
}
