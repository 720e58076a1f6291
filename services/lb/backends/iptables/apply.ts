/**
 * The iptables VIP backend: each sync is one `iptables-restore --noflush`
 * (per family) that declares only the chains it rewrites; the jumps from the
 * built-in chains are checked (-C) and inserted once. Cleanup removes those
 * jumps and every chain isMarinaObject() recognises, nothing else.
 */
import { logger } from '../../../../lib/log';
import { isMarinaObject } from '../../model/names';
import { execOk, execTool } from '../../exec';
import type { BackendOptions, VipBackend } from '../backend';
import type { VipTable } from '../../model/vip-table';
import { diffTables, isEmptyDiff } from '../../sync/tracker';
import { JUMPS, renderDelta, renderFull } from './render';

function jumpRule(target: string): string[] {
  return ['-m', 'comment', '--comment', 'marina lb', '-j', target];
}

const TOOLS = { 4: { ipt: 'iptables', save: 'iptables-save', restore: 'iptables-restore' }, 6: { ipt: 'ip6tables', save: 'ip6tables-save', restore: 'ip6tables-restore' } } as const;

export class IptablesBackend implements VipBackend {
  readonly name = 'iptables';
  readonly kernelNat = true;
  private readonly log = logger('lb.iptables');
  lastBatchBytes = 0;

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
        await this.restore(batch.text, family);
        return;
      } catch (err) {
        this.log.warn({ err }, 'incremental iptables-restore failed; rewriting every chain');
      }
    }
    const existing = await this.marinaChains(family, 'nat');
    await this.restore(renderFull(desired, family, this.opts, existing).text, family);
    await this.ensureJumps(family);
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
    }
  }

  /** MARINA-* chains present in a table now. */
  private async marinaChains(family: 4 | 6, table: 'nat' | 'filter'): Promise<string[]> {
    const res = await execOk(TOOLS[family].save, ['-t', table], { netns: this.opts.netns });
    const out: string[] = [];
    for (const line of res.stdout.split('\n')) {
      const m = /^:(\S+) /.exec(line);
      if (m && isMarinaObject(m[1])) out.push(m[1]);
    }
    return out;
  }

  private async ensureJumps(family: 4 | 6): Promise<void> {
    for (const j of JUMPS) {
      if ((await this.ipt(family, ['-t', j.table, '-C', j.chain, ...jumpRule(j.target)])).code === 0) continue;
      await execOk(TOOLS[family].ipt, ['-w', '5', '-t', j.table, '-I', j.chain, ...jumpRule(j.target)], { netns: this.opts.netns });
    }
  }

  private ipt(family: 4 | 6, args: string[]) {
    return execTool(TOOLS[family].ipt, ['-w', '5', ...args], { netns: this.opts.netns });
  }

  private async restore(text: string, family: 4 | 6): Promise<void> {
    this.lastBatchBytes = text.length;
    await execOk(TOOLS[family].restore, ['-w', '5', '--noflush'], { input: text, netns: this.opts.netns, timeoutMs: 300_000 });
  }
}
