/**
 * Invoking CNI plugins per the CNI 1.0 spec: the plugin named by `type` is
 * found in CNI_PATH, run with CNI_COMMAND/CNI_CONTAINERID/CNI_NETNS/
 * CNI_IFNAME/CNI_PATH in its environment and its network config on stdin; a
 * non-zero exit carries a CNI error object on stdout.
 * A conflist runs its plugins in order on ADD (each gets the previous
 * result as prevResult), and in reverse on DEL (libcni/api.go).
 */
import { accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HostExec } from '../exec';
import { CniError, CniErrorCode, type CniConfList, type CniPluginConf, type CniResult } from './types';

export type CniCommand = 'ADD' | 'CHECK' | 'DEL' | 'VERSION';

export interface CniRuntime {
  containerId: string;
  netns: string;
  ifname: string;
  /** Directories searched for plugins, in order. */
  cniPath: string[];
  /** Values for the capabilities plugins declare (portMappings, ips, mac...). */
  capabilityArgs?: Record<string, unknown>;
}

/** Locate a plugin executable in the CNI path. */
export function findPlugin(type: string, cniPath: string[]): string {
  for (const dir of cniPath) {
    const file = join(dir, type);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // try the next directory
    }
  }
  throw new CniError(type, 'find', CniErrorCode.INVALID_CONFIG, `plugin ${JSON.stringify(type)} not found in ${cniPath.join(':')}`);
}

/** The config one plugin of a list receives on stdin. */
export function pluginConfig(list: CniConfList, plugin: CniPluginConf, rt: CniRuntime, prevResult?: CniResult): Record<string, unknown> {
  const conf: Record<string, unknown> = { ...plugin, cniVersion: list.cniVersion, name: list.name };
  const caps = plugin.capabilities as Record<string, boolean> | undefined;
  if (caps && rt.capabilityArgs) {
    const runtimeConfig: Record<string, unknown> = {};
    for (const [cap, on] of Object.entries(caps)) {
      if (on && rt.capabilityArgs[cap] !== undefined) runtimeConfig[cap] = rt.capabilityArgs[cap];
    }
    if (Object.keys(runtimeConfig).length > 0) conf.runtimeConfig = runtimeConfig;
  }
  if (prevResult) conf.prevResult = prevResult;
  return conf;
}

/** Run one plugin command; resolves with its parsed stdout (result), rejects with CniError. */
export async function execPlugin(
  exec: HostExec,
  command: CniCommand,
  conf: Record<string, unknown>,
  rt: CniRuntime,
): Promise<CniResult | undefined> {
  const type = String(conf.type);
  const file = findPlugin(type, rt.cniPath);
  const env: NodeJS.ProcessEnv = {
    // plugins written in JS (marina-ipam) find the same node as the agent
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
    CNI_COMMAND: command,
    CNI_CONTAINERID: rt.containerId,
    CNI_NETNS: rt.netns,
    CNI_IFNAME: rt.ifname,
    CNI_PATH: rt.cniPath.join(':'),
  };
  const res = await exec.run(file, [], { input: JSON.stringify(conf), env, timeoutMs: 60_000 });
  if (res.code !== 0) {
    let body: { code?: number; msg?: string; details?: string } = {};
    try {
      body = JSON.parse(res.stdout) as typeof body;
    } catch {
      body = { code: CniErrorCode.IO_FAILURE, msg: (res.stderr || res.stdout).trim() || `exit ${res.code}` };
    }
    throw new CniError(type, command, body.code ?? CniErrorCode.IO_FAILURE, body.msg ?? 'unknown error', body.details);
  }
  if (command === 'ADD' || command === 'VERSION') {
    try {
      return JSON.parse(res.stdout) as CniResult;
    } catch (err) {
      throw new CniError(type, command, CniErrorCode.DECODE_FAILURE, `invalid result: ${(err as Error).message}`);
    }
  }
  return undefined;
}

/** ADD a conflist; on failure, DELs the plugins already added (reverse order) and rethrows. */
export async function addList(exec: HostExec, list: CniConfList, rt: CniRuntime): Promise<CniResult> {
  let prev: CniResult | undefined;
  const done: CniPluginConf[] = [];
  try {
    for (const plugin of list.plugins) {
      const result = await execPlugin(exec, 'ADD', pluginConfig(list, plugin, rt, prev), rt);
      done.push(plugin);
      prev = result ?? prev;
    }
  } catch (err) {
    for (const plugin of done.reverse()) {
      await execPlugin(exec, 'DEL', pluginConfig(list, plugin, rt, prev), rt).catch(() => undefined);
    }
    throw err;
  }
  return prev ?? { cniVersion: list.cniVersion };
}

/** CHECK every plugin against the cached result. */
export async function checkList(exec: HostExec, list: CniConfList, rt: CniRuntime, result: CniResult, skip: (p: CniPluginConf) => boolean = () => false): Promise<void> {
  for (const plugin of list.plugins) {
    if (!skip(plugin)) await execPlugin(exec, 'CHECK', pluginConfig(list, plugin, rt, result), rt);
  }
}

/** DEL in reverse order; every plugin is tried, the first error is rethrown at the end. */
export async function delList(exec: HostExec, list: CniConfList, rt: CniRuntime, result?: CniResult): Promise<void> {
  let first: unknown;
  for (const plugin of [...list.plugins].reverse()) {
    try {
      await execPlugin(exec, 'DEL', pluginConfig(list, plugin, rt, result), rt);
    } catch (err) {
      first ??= err;
    }
  }
  if (first) throw first;
}
