/**
 * A small fake of nft for tests (kube-proxy nftables/helpers_test.go in
 * spirit): it replays the element operations of rendered batches into maps
 * and traces a packet through dispatch → pick → backend, so tests check
 * outcomes ("tcp to 198.19.250.1:80 lands on one of these backends"), not
 * strings. Deleting an element that is absent throws, as nft does.
 */
export type TraceResult = { kind: 'reject' } | { kind: 'pass' } | { kind: 'dnat'; candidates: string[] } | { kind: 'affinity'; chain: string };

export class NftTracer {
  readonly maps = new Map<string, Map<string, string>>();
  readonly chains = new Set<string>();

  apply(batch: string): void {
    for (const line of batch.split('\n')) {
      if (line === 'delete table inet marina') {
        this.maps.clear();
        this.chains.clear();
        continue;
      }
      const chain = /^add chain inet marina (\S+)/.exec(line);
      if (chain) this.chains.add(chain[1]);
      const del = /^delete chain inet marina (\S+)/.exec(line);
      if (del) this.chains.delete(del[1]);
      const m = /^(add|delete) element inet marina (\S+) \{ (.*) \}$/.exec(line);
      if (m) this.element(m[1] as 'add' | 'delete', m[2], m[3]);
    }
  }

  private element(op: 'add' | 'delete', map: string, body: string): void {
    let els = this.maps.get(map);
    if (!els) this.maps.set(map, (els = new Map()));
    for (const el of body.split(', ')) {
      const [key, value] = el.split(' : ');
      const k = key.replace(/ comment ".*"$/, '').trim();
      if (op === 'delete') {
        if (!els.has(k)) throw new Error(`delete of absent element ${k} in ${map}`);
        els.delete(k);
      } else els.set(k, (value ?? '').replace(/ comment ".*"$/, '').trim());
    }
  }

  /** Where a new connection to daddr:dport/proto goes. */
  trace(daddr: string, proto: 'tcp' | 'udp', dport: number): TraceResult {
    const f = daddr.includes(':') ? '6' : '4';
    const key = `${daddr} . ${proto} . ${dport}`;
    if (this.maps.get(`noep${f}`)?.has(key)) return { kind: 'reject' };
    const verdict = this.maps.get(`vips${f}`)?.get(key);
    if (!verdict) return { kind: 'pass' };
    const pick = /^goto pick-(\d+)$/.exec(verdict);
    if (!pick) return { kind: 'affinity', chain: verdict.replace('goto ', '') };
    if (!this.chains.has(`pick-${pick[1]}`)) throw new Error(`verdict ${verdict} jumps to a missing chain`);
    const n = Number(pick[1]);
    const candidates: string[] = [];
    for (let i = 0; i < n; i++) {
      const be = this.maps.get(`be${f}`)?.get(`${key} . ${i}`);
      if (!be) throw new Error(`no backend at index ${i} of ${key}: numgen would miss`);
      candidates.push(be.replace(' . ', ':'));
    }
    return { kind: 'dnat', candidates };
  }
}
