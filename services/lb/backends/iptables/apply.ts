/**
 * The iptables VIP backend: each sync is one `iptables-restore --noflush`
 * (per family) that declares only the chains it rewrites (layout: render.ts); the jumps from the
 * built-in chains are checked (-C) and inserted once. Cleanup removes those
 * jumps and every chain isMarinaObject() recognises, nothing else.
 *
 * The backend remembers which of its nat chains exist (what its last batches
 * left), so a full sync needs no `iptables-save`: printing 10,000 VIPs'
 * rules took longer than loading them. It lists the chains only when it does
 * not know (first sync, after a failed batch): with `nft list chains` when
 * iptables is the nf_tables variant (names only), else `iptables-save`.
 * A batch is never cut off by a timeout (the kernel applies it whole or not
 * at all, but a killed restore leaves the VIPs stale): a slow one is logged
 * with its duration instead.
 */
import { logger } from '../../../../lib/log';
import { isMarinaObject } from '../../model/names';
import { execOk, execTool } from '../../exec';
import type { BackendOptions, VipBackend } from '../backend';
import type { VipTable } from '../../model/vip-table';
import { diffTables, isEmptyDiff } from '../../sync/tracker';
import { JUMPS, renderDelta, renderFull, type IptBatch } from './render';

function jumpRule(target: string): string[] {
  return ['-m', 'comment', '--comment', 'marina lb', '-j', target];
}

const TOOLS = { 4: { ipt: 'iptables', save: 'iptables-save', restore: 'iptables-restore', nft: 'ip' }, 6: { ipt: 'ip6tables', save: 'ip6tables-save', restore: 'ip6tables-restore', nft: 'ip6' } } as const;

/** A restore slower than this is logged with its size and duration. */
const SLOW_RESTORE_MS = 1000;

/** Chain names of one table in `nft list chains <family>` output. */
export function nftChainNames(listing: string, table: string): string[] {
  const out: string[] = [];
  let inTable = false;
  for (const line of listing.split('\n')) {
    const t = /^table \S+ (\S+) \{/.exec(line);
    if (t) inTable = t[1] === table;
    const c = inTable ? /^\s+chain (\S+) \{/.exec(line) : null;
    if (c) out.push(c[1]);
  }
  return out;
}

export class IptablesBackend implements VipBackend {
  readonly name = 'iptables';
  readonly kernelNat = true;
  private readonly log = logger('lb.iptables');
  lastBatchBytes = 0;
  /** Per family: Marina's nat chains present now, as far as this process's batches tell. */
  private readonly known = new Map<4 | 6, Set<string>>();
  private nfTables: boolean | undefined;

  constructor(private readonly opts: BackendOptions) {}

  async sync(prev: VipTable, desired: VipTable, full: boolean): Promise<void> {
    for (const family of [4, 6] as const) {
      const used = (t: VipTable) => [...t.values()].some((s) => s.family === family);
      if (!used(prev) && !used(desired) && family === 6) continue;
      await this.syncFamily(prev, desired, full, family);
    }
  }

  private async syncFamily(prev: VipTable, desired: VipTable, full: boolean, family: 4 | 6): Promise<void> {
    if (!full) {
      const diff = diffTables(prev, desired);
      if (isEmptyDiff(diff)) return;
      const batch = renderDelta(diff, desired, family, this.opts);
      if (batch.text === '') return;
      try {
        await this.apply(batch, family);
        return;
      } catch (err) {
        this.log.warn({ err }, 'incremental iptables-restore failed; rewriting every chain');
      }
    }
    const existing = this.known.get(family) ?? new Set(await this.marinaChains(family, 'nat'));
    await this.apply(renderFull(desired, family, this.opts, [...existing]), family, existing);
    await this.ensureJumps(family);
  }

  /** Restore a batch and track the chains it leaves; `base`: the chains before a full batch. */
  private async apply(batch: IptBatch, family: 4 | 6, base?: Set<string>): Promise<void> {
    const before = base ?? this.known.get(family);
    try {
      await this.restore(batch.text, family);
    } catch (err) {
      this.known.delete(family); // the next full sync lists what is there
      throw err;
    }
    if (!before && !base) return; // not tracking yet: a full sync will list
    const now = new Set(base ? [] : before);
    for (const c of batch.chains) now.add(c);
    for (const c of batch.deleted) now.delete(c);
    this.known.set(family, now);
  }

  async cleanup(): Promise<void> {
    for (const family of [4, 6] as const) {
      const probe = await execTool(TOOLS[family].save, ['-t', 'nat'], { netns: this.opts.netns }).catch(() => undefined);
      if (!probe || probe.code !== 0) continue; // no iptables here: nothing of ours
      for (const j of JUMPS) {
        while ((await this.ipt(family, ['-t', j.table, '-D', j.chain, ...jumpRule(j.target)])).code === 0) {
          // a duplicate jump (from a crash between check and insert) is removed too
        }
      }
      for (const table of ['nat', 'filter'] as const) {
        const chains = await this.marinaChains(family, table);
        if (chains.length === 0) continue;
        const text = [`*${table}`, ...chains.map((c) => `:${c} - [0:0]`), ...chains.map((c) => `-X ${c}`), 'COMMIT', ''].join('\n');
        await this.restore(text, family);
      }
      this.known.delete(family);
    }
  }

  /** MARINA-* chains present in a table now. */
  private async marinaChains(family: 4 | 6, table: 'nat' | 'filter'): Promise<string[]> {
    const listed = (await this.isNfTables()) ? await execTool('nft', ['list', 'chains', TOOLS[family].nft], { netns: this.opts.netns }).catch(() => undefined) : undefined;
    if (listed?.code === 0) return nftChainNames(listed.stdout, table).filter(isMarinaObject);
    const res = await execOk(TOOLS[family].save, ['-t', table], { netns: this.opts.netns, timeoutMs: null });
    return res.stdout.split('\n').flatMap((line) => /^:(\S+) /.exec(line)?.[1] ?? []).filter(isMarinaObject);
  }

  /** True when iptables is the nf_tables variant (`iptables -V`: "... (nf_tables)"). */
  private async isNfTables(): Promise<boolean> {
    if (this.nfTables === undefined) {
      const res = await execTool('iptables', ['-V'], { netns: this.opts.netns }).catch(() => undefined);
      this.nfTables = /nf_tables/.test(res?.stdout ?? '');
    }
    return this.nfTables;
  }

  /**
   * One restore checks every jump (the usual case: all there); else the
   * jumps are checked side by side and the missing ones inserted in one restore.
   */
  private async ensureJumps(family: 4 | 6): Promise<void> {
    const line = (op: '-C' | '-I', j: (typeof JUMPS)[number]) => `${op} ${j.chain} -m comment --comment "marina lb" -j ${j.target}`;
    const batch = (op: '-C' | '-I', jumps: typeof JUMPS) =>
      (['nat', 'filter'] as const).flatMap((table) => {
        const mine = jumps.filter((j) => j.table === table);
        return mine.length ? [`*${table}`, ...mine.map((j) => line(op, j)), 'COMMIT'] : [];
      }).join('\n') + '\n';
    const restore = (text: string) => execTool(TOOLS[family].restore, ['-w', '5', '--noflush'], { input: text, netns: this.opts.netns });
    if ((await restore(batch('-C', JUMPS))).code === 0) return;
    const present = await Promise.all(JUMPS.map(async (j) => (await this.ipt(family, ['-t', j.table, '-C', j.chain, ...jumpRule(j.target)])).code === 0));
    const missing = JUMPS.filter((_, i) => !present[i]);
    if (missing.length) await execOk(TOOLS[family].restore, ['-w', '5', '--noflush'], { input: batch('-I', missing), netns: this.opts.netns });
  }

  private ipt(family: 4 | 6, args: string[]) {
    return execTool(TOOLS[family].ipt, ['-w', '5', ...args], { netns: this.opts.netns });
  }

  private async restore(text: string, family: 4 | 6): Promise<void> {
    this.lastBatchBytes = text.length;
    const started = Date.now();
    try {
      await execOk(TOOLS[family].restore, ['-w', '5', '--noflush'], { input: text, netns: this.opts.netns, timeoutMs: null });
    } finally {
      const ms = Date.now() - started;
      if (ms > SLOW_RESTORE_MS) this.log.warn({ ms, bytes: text.length, family }, 'slow iptables-restore');
    }
  }
}
