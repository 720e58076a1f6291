/**
 * Applying the policy table on one host: a sync sends only what changed since
 * the last applied table (renderDelta, one `nft -f -` transaction); a full
 * sync reads the kernel's table back and repairs whatever differs from the
 * desired one (drift: a flushed chain, deleted elements, a deleted table),
 * keeping counters of what did not change. A delta the kernel refuses (the
 * table changed behind our back) falls back to the full path; a table
 * without its skeleton is rewritten whole.
 */
import type { HostExec } from '../exec';
import type { DesiredPolicyTable } from './desired';
import { diffPolicyTables, isEmptyPolicyDiff, type PolicyTableDiff } from './diff';
import { hasSkeleton, parseKernelTable, type KernelPolicyTable } from './kernel';
import { POLICY_TABLE, POLICY_FAMILY } from './names';
import { renderCleanup, renderDelta, renderFull } from './render';

/** What a sync did: nothing, a delta, a repair (delta against the kernel's table) or a full rewrite. */
export type SyncKind = 'none' | 'delta' | 'repair' | 'full';

export interface SyncResult {
  kind: SyncKind;
  batchBytes: number;
}

export class PolicyTableApplier {
  private applied: DesiredPolicyTable | undefined;

  constructor(private readonly exec: HostExec) {}

  /** The table last applied (undefined before the first sync or after cleanup). */
  get current(): DesiredPolicyTable | undefined {
    return this.applied;
  }

  /** Bring the kernel to `desired`: a delta from the last applied table, or (full) a repair against what the kernel holds. */
  async sync(desired: DesiredPolicyTable, full: boolean): Promise<SyncResult> {
    if (!full && this.applied) {
      const batch = renderDelta(diffPolicyTables(this.applied, desired));
      if (batch === '') return { kind: 'none', batchBytes: 0 };
      const res = await this.exec.run('nft', ['-f', '-'], { input: batch });
      if (res.code === 0) {
        this.applied = desired;
        return { kind: 'delta', batchBytes: batch.length };
      }
      // fall through: the kernel's table is not what we applied
    }
    const kernel = await this.read(false);
    if (kernel && hasSkeleton(kernel)) {
      const diff = diffPolicyTables(kernel.table, desired);
      if (isEmptyPolicyDiff(diff)) {
        this.applied = desired;
        return { kind: 'none', batchBytes: 0 };
      }
      const batch = renderDelta(diff);
      const res = await this.exec.run('nft', ['-f', '-'], { input: batch });
      if (res.code === 0) {
        this.applied = desired;
        return { kind: 'repair', batchBytes: batch.length };
      }
    }
    const batch = renderFull(desired);
    this.applied = undefined;
    await this.exec.ok('nft', ['-f', '-'], { input: batch, timeoutMs: null });
    this.applied = desired;
    return { kind: 'full', batchBytes: batch.length };
  }

  /** Apply a patch made from the applied table (incremental.ts); false when the kernel refused it (then sync in full). */
  async applyPatch(table: DesiredPolicyTable, diff: PolicyTableDiff): Promise<SyncResult | undefined> {
    if (!this.applied) return undefined;
    const batch = renderDelta(diff);
    if (batch !== '') {
      const res = await this.exec.run('nft', ['-f', '-'], { input: batch });
      if (res.code !== 0) return undefined;
    }
    this.applied = table;
    return { kind: batch === '' ? 'none' : 'delta', batchBytes: batch.length };
  }

  /** The kernel's table (terse: without set elements, for counters); undefined when it does not exist. */
  async read(terse: boolean): Promise<KernelPolicyTable | undefined> {
    const res = await this.exec.run('nft', [...(terse ? ['-t'] : []), '-j', 'list', 'table', POLICY_FAMILY, POLICY_TABLE]);
    if (res.code !== 0) return undefined;
    return parseKernelTable(res.stdout);
  }

  /** Remove the table (nothing to do when it is absent or nftables is missing). */
  async cleanup(): Promise<void> {
    this.applied = undefined;
    await removePolicyTable(this.exec);
  }
}

/** `marina agent --cleanup`: remove the policy table; absent table or no nftables is success. */
export async function removePolicyTable(exec: HostExec): Promise<void> {
  const res = await exec.run('nft', ['-f', '-'], { input: renderCleanup() });
  if (res.code !== 0 && !/not supported|Operation not permitted|No such file|not found/i.test(res.stderr)) {
    await exec.ok('nft', ['-f', '-'], { input: renderCleanup() });
  }
}
