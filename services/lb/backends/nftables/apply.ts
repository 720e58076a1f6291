/**
 * The nftables VIP backend: renders with render.ts and applies each sync as
 * one `nft -f -` transaction (all or nothing). A delta that fails (someone
 * changed the table behind our back) falls back to a full rewrite.
 */
import { logger } from '../../../../lib/log';
import { execOk, execTool } from '../../exec';
import type { BackendOptions, VipBackend } from '../backend';
import type { VipTable } from '../../model/vip-table';
import { diffTables, isEmptyDiff } from '../../sync/tracker';
import { renderCleanup, renderDelta, renderFull, type NftState } from './render';

export class NftablesBackend implements VipBackend {
  readonly name = 'nftables';
  readonly kernelNat = true;
  private state: NftState = { pickMax: 0 };
  private readonly log = logger('lb.nftables');
  /** Bytes of the last batch applied, for metrics and benchmarks. */
  lastBatchBytes = 0;

  constructor(private readonly opts: BackendOptions) {}

  async sync(prev: VipTable, desired: VipTable, full: boolean): Promise<void> {
    if (!full) {
      const diff = diffTables(prev, desired);
      if (isEmptyDiff(diff)) return;
      const { batch, state } = renderDelta(diff, prev, desired, this.state, this.opts);
      if (batch === '') return;
      try {
        await this.apply(batch);
        this.state = state;
        return;
      } catch (err) {
        this.log.warn({ err }, 'incremental nft batch failed; rewriting the table');
      }
    }
    const { batch, state } = renderFull(desired, this.opts);
    await this.apply(batch);
    this.state = state;
  }

  async cleanup(): Promise<void> {
    const res = await execTool('nft', ['-f', '-'], { input: renderCleanup(), netns: this.opts.netns });
    // Without nftables support there is nothing of ours to remove.
    if (res.code !== 0 && !/not supported|Operation not permitted|No such file/i.test(res.stderr)) {
      await execOk('nft', ['-f', '-'], { input: renderCleanup(), netns: this.opts.netns });
    }
    this.state = { pickMax: 0 };
  }

  private async apply(batch: string): Promise<void> {
    this.lastBatchBytes = batch.length;
    await execOk('nft', ['-f', '-'], { input: batch, netns: this.opts.netns });
  }
}
