/**
 * Test double of the kernel side of `iptables-restore --noflush` for the
 * render tests: replays batches into chains (a declared chain is flushed; a
 * rule or `-X` naming a chain that does not exist fails, as the tool does)
 * and evaluates the first packet of a connection through the nat chains the
 * renderer writes (MARINA-SERVICES, then MARINA-POSTROUTING), following
 * `statistic` branches with their probabilities. IPv4, and only the matches
 * and targets the renderer uses.
 */
export interface Outcome {
  /** `ip:port` the connection is DNATed to; undefined when no VIP took it. */
  to?: string;
  masquerade: boolean;
  p: number;
}

interface Pkt {
  src: string;
  dst: string;
  proto: string;
  dport: number;
  mark: number;
  dnat: boolean;
}

type Verdict = { kind: 'continue' | 'return'; pkt: Pkt } | { kind: 'dnat'; to: string; pkt: Pkt } | { kind: 'masquerade'; pkt: Pkt } | { kind: 'reject' };

function ip4(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, len = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(len));
  return Math.floor(ip4(ip) / size) === Math.floor(ip4(net) / size);
}

export class IptTracer {
  readonly chains = new Map<string, Map<string, string[]>>([['nat', new Map()], ['filter', new Map()]]);

  apply(text: string): void {
    let table = '';
    for (const line of text.split('\n')) {
      const chains = () => this.chains.get(table)!;
      if (line.startsWith('*')) table = line.slice(1);
      else if (line.startsWith(':')) chains().set(line.slice(1).split(' ')[0], []);
      else if (line.startsWith('-X ')) {
        const name = line.slice(3);
        if (!chains().has(name)) throw new Error(`-X ${name}: no such chain`);
        for (const rules of chains().values()) if (rules.some((r) => r.split(' -j ')[1]?.split(' ')[0] === name)) throw new Error(`-X ${name}: still referenced`);
        chains().delete(name);
      } else if (line.startsWith('-A ')) {
        const [, chain] = line.split(' ');
        const rules = chains().get(chain);
        if (!rules) throw new Error(`-A to undeclared chain ${chain}`);
        const target = / -j (MARINA-\S+)/.exec(line)?.[1];
        if (target && !chains().has(target)) throw new Error(`jump to missing chain in ${line}`);
        if ((line.match(/ -p /g) ?? []).length > 1) throw new Error(`multiple -p flags not allowed: ${line}`);
        rules.push(line);
      }
    }
  }

  natChains(): string[] {
    return [...this.chains.get('nat')!.keys()].sort();
  }

  /** True when the filter table rejects new connections to ip:port. */
  rejects(dst: string, dport: number, proto = 'tcp'): boolean {
    return (this.chains.get('filter')!.get('MARINA-SERVICES') ?? []).some((r) => r.includes(` -d ${dst}/32 -p ${proto} -m ${proto} --dport ${dport} `) && / -j REJECT/.test(r));
  }

  /** Where new connections from src to dst:dport go, each outcome with its probability and whether it is masqueraded. */
  connect(src: string, dst: string, dport: number, proto = 'tcp'): Outcome[] {
    const out: Outcome[] = [];
    for (const pre of this.run('MARINA-SERVICES', { src, dst, proto, dport, mark: 0, dnat: false }, 1)) {
      const to = pre.v.kind === 'dnat' ? pre.v.to : undefined;
      const pkt = pre.v.kind === 'reject' ? undefined : pre.v.pkt;
      if (!pkt) continue;
      const routed = to ? { ...pkt, dst: to.replace(/:\d+$/, ''), dnat: true } : pkt;
      for (const post of this.run('MARINA-POSTROUTING', routed, pre.p)) out.push({ to, masquerade: post.v.kind === 'masquerade', p: post.p });
    }
    return out;
  }

  /** Outcomes merged by destination: `ip:port` → share; with `masq`, only the masqueraded share. */
  shares(src: string, dst: string, dport: number, masq?: boolean): Map<string, number> {
    const m = new Map<string, number>();
    for (const o of this.connect(src, dst, dport)) {
      if (o.to === undefined || (masq !== undefined && o.masquerade !== masq)) continue;
      m.set(o.to, (m.get(o.to) ?? 0) + o.p);
    }
    return m;
  }

  private run(chain: string, pkt: Pkt, p: number, depth = 0): Array<{ v: Verdict; p: number }> {
    const rules = this.chains.get('nat')!.get(chain);
    if (!rules || depth > 8) throw new Error(`no chain ${chain}`);
    return this.from(rules, 0, pkt, p, depth);
  }

  private from(rules: string[], i: number, pkt: Pkt, p: number, depth: number): Array<{ v: Verdict; p: number }> {
    if (i >= rules.length) return [{ v: { kind: 'return', pkt }, p }];
    const rule = rules[i];
    const prob = / --probability (\S+)/.exec(rule);
    if (prob && Number(prob[1]) < 1 && this.matches(rule, pkt)) {
      const q = Number(prob[1]);
      return [...this.take(rules, i, pkt, p * q, depth), ...this.from(rules, i + 1, pkt, p * (1 - q), depth)];
    }
    if (!this.matches(rule, pkt)) return this.from(rules, i + 1, pkt, p, depth);
    return this.take(rules, i, pkt, p, depth);
  }

  /** The rule matched: apply its target. */
  private take(rules: string[], i: number, pkt: Pkt, p: number, depth: number): Array<{ v: Verdict; p: number }> {
    const rule = rules[i];
    const target = rule.split(' -j ')[1];
    const next = (q: Pkt) => this.from(rules, i + 1, q, p, depth);
    if (target.startsWith('DNAT')) return [{ v: { kind: 'dnat', to: /--to-destination (\S+)/.exec(target)![1], pkt }, p }];
    if (target.startsWith('MASQUERADE')) return [{ v: { kind: 'masquerade', pkt }, p }];
    if (target.startsWith('REJECT')) return [{ v: { kind: 'reject' }, p }];
    if (target === 'RETURN') return [{ v: { kind: 'return', pkt }, p }];
    const mark = /^MARK --(or|and|xor)-mark (\S+)$/.exec(target);
    if (mark) {
      const v = Number(mark[2]);
      const m = mark[1] === 'or' ? pkt.mark | v : mark[1] === 'and' ? pkt.mark & v : pkt.mark ^ v;
      return next({ ...pkt, mark: m >>> 0 });
    }
    const out: Array<{ v: Verdict; p: number }> = [];
    for (const r of this.run(target, pkt, p, depth + 1)) {
      if (r.v.kind === 'return') out.push(...this.from(rules, i + 1, r.v.pkt, r.p, depth));
      else out.push(r);
    }
    return out;
  }

  private matches(rule: string, pkt: Pkt): boolean {
    const addr = (flag: '-s' | '-d', ip: string) => {
      const m = new RegExp(`(!\\s)?${flag} (\\S+)`).exec(rule);
      return !m || inCidr(ip, m[2]) !== Boolean(m[1]);
    };
    if (!addr('-s', pkt.src) || !addr('-d', pkt.dst)) return false;
    const proto = / -p (\w+)/.exec(rule)?.[1];
    if (proto && proto !== pkt.proto) return false;
    const dport = / --dport (\d+)/.exec(rule)?.[1];
    if (dport && Number(dport) !== pkt.dport) return false;
    const mark = / -m mark (!\s)?--mark (\S+)\/(\S+)/.exec(rule);
    if (mark && ((pkt.mark & Number(mark[3])) === Number(mark[2])) === Boolean(mark[1])) return false;
    if (/--ctstate DNAT/.test(rule) && !pkt.dnat) return false;
    if (/ --update /.test(rule)) return false; // a client not seen before
    return true;
  }
}
