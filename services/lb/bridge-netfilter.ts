/**
 * br_netfilter check: a task reaching a VIP whose backend sits on the same
 * bridge (two tasks of one host's bridge or overlay bridge) needs bridged
 * frames to pass netfilter, else the backend's reply is bridged straight back
 * to the client without the reverse NAT and the connection fails. The agent
 * sets `net.bridge.bridge-nf-call-iptables=1` / `…-ip6tables=1` in its host
 * namespace when it creates a bridge; the lb reads them (per network
 * namespace on recent kernels) and warns, naming the sysctl, when off.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../lib/log';
import { execTool } from './exec';

export const BRIDGE_NF_SYSCTLS = ['net.bridge.bridge-nf-call-iptables', 'net.bridge.bridge-nf-call-ip6tables'] as const;

/** Each sysctl: true (1), false (0) or 'missing' (br_netfilter not loaded). */
export type BridgeNetfilter = Record<(typeof BRIDGE_NF_SYSCTLS)[number], boolean | 'missing'>;

function procPath(key: string): string {
  return `/proc/sys/${key.replace(/\./g, '/')}`;
}

async function readSysctl(key: string, netns?: string): Promise<boolean | 'missing'> {
  let text: string;
  if (netns) {
    const res = await execTool('cat', [procPath(key)], { netns });
    if (res.code !== 0) return 'missing';
    text = res.stdout;
  } else {
    try {
      text = await readFile(procPath(key), 'utf8');
    } catch {
      return 'missing';
    }
  }
  return text.trim() === '1';
}

/** Read both switches in the lb's network namespace. */
export async function readBridgeNetfilter(netns?: string): Promise<BridgeNetfilter> {
  const [v4, v6] = await Promise.all(BRIDGE_NF_SYSCTLS.map((k) => readSysctl(k, netns)));
  return { 'net.bridge.bridge-nf-call-iptables': v4, 'net.bridge.bridge-nf-call-ip6tables': v6 };
}

/** The settings that are not on. */
export function offSettings(s: BridgeNetfilter): Array<keyof BridgeNetfilter> {
  return BRIDGE_NF_SYSCTLS.filter((k) => s[k] !== true);
}

/** Read and warn (one line naming each sysctl that is off) when a setting is not on. */
export async function checkBridgeNetfilter(log: Logger, netns?: string): Promise<BridgeNetfilter> {
  const s = await readBridgeNetfilter(netns);
  const off = offSettings(s);
  if (off.length > 0) {
    const missing = off.some((k) => s[k] === 'missing');
    log.warn(
      { sysctls: off, brNetfilterLoaded: !missing },
      `${off.map((k) => `${k}=1`).join(' and ')} not set${missing ? ' (br_netfilter not loaded: modprobe br_netfilter)' : ''}: a task reaching a VIP whose backend is on its own bridge gets no reply (the agent sets these when it creates a bridge; or run the lb with --masquerade-all)`,
    );
  }
  return s;
}

export interface BridgeNetfilterWatch {
  current(): BridgeNetfilter | undefined;
  stop(): void;
}

/**
 * Check at start, then every periodMs (the agent may create its first bridge
 * after the lb starts): a warning at start and whenever the state changes.
 */
export function watchBridgeNetfilter(log: Logger, periodMs: number, netns?: string): BridgeNetfilterWatch {
  let last: BridgeNetfilter | undefined;
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const s = last === undefined ? await checkBridgeNetfilter(log, netns) : await readBridgeNetfilter(netns);
      if (last !== undefined && JSON.stringify(s) !== JSON.stringify(last)) {
        if (offSettings(s).length > 0) await checkBridgeNetfilter(log, netns);
        else log.info({ sysctls: BRIDGE_NF_SYSCTLS }, 'bridged frames pass netfilter now');
      }
      last = s;
    } catch (err) {
      log.warn({ err }, 'cannot read the br_netfilter sysctls');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), Math.max(1000, periodMs));
  timer.unref();
  return { current: () => last, stop: () => clearInterval(timer) };
}
