/**
 * Headless Chromium driven over the DevTools protocol, without a client
 * library: Debian's `chromium` with a temp profile, spoken to either over
 * WebSocket (Node 24's global WebSocket; `--remote-debugging-port` on a
 * free loopback port) or over `--remote-debugging-pipe` (fds 3 and 4,
 * NUL-separated JSON: the same protocol), which is what a browser inside a
 * test's network namespace needs, since its loopback is not ours.
 * One page per browser; console errors and exceptions are collected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { freePort } from './ports';
import { track, waitUntil } from './_children';

/** Debian's browser itself, not its /usr/bin wrapper (a shell that does not exec), so the pid we stop is chromium's. */
const CHROMIUM = existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : 'chromium';

type Pending = { resolve: (v: any) => void; reject: (e: Error) => void; method: string };
type Listener = (params: any, sessionId?: string) => void;

export interface BrowserOptions {
  /** Run inside this network namespace (`ip netns exec`), over the pipe. */
  netns?: string;
  width?: number;
  height?: number;
  /** More command-line flags (e.g. --ignore-certificate-errors for a cluster CA the temp profile does not hold). */
  flags?: string[];
}

export class Browser {
  private seq = 0;
  private pending = new Map<number, Pending>();
  private listeners = new Map<string, Listener[]>();
  private send0: (msg: string) => void = () => undefined;
  /** Console errors, exceptions and failed loads the page reported. */
  readonly errors: string[] = [];
  private session = '';

  private constructor(private child: ChildProcess, private profile: string) {}

  static async launch(opts: BrowserOptions = {}): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'marina-chromium-'));
    const flags = [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
      '--disable-background-networking', '--disable-sync', '--disable-component-update', '--metrics-recording-only', '--mute-audio',
      `--user-data-dir=${profile}`, `--window-size=${opts.width ?? 1366},${opts.height ?? 900}`, ...(opts.flags ?? []),
    ];
    let b: Browser;
    if (opts.netns) {
      const child = spawn('ip', ['netns', 'exec', opts.netns, CHROMIUM, ...flags, '--remote-debugging-pipe', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
      b = new Browser(child, profile);
      const toChrome = child.stdio[3] as Writable;
      const fromChrome = child.stdio[4] as Readable;
      b.send0 = (msg) => toChrome.write(msg + '\0');
      let buf = '';
      fromChrome.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        let i;
        while ((i = buf.indexOf('\0')) >= 0) {
          b.receive(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    } else {
      const port = await freePort();
      const child = spawn(CHROMIUM, [...flags, `--remote-debugging-address=127.0.0.1`, `--remote-debugging-port=${port}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
      b = new Browser(child, profile);
      let url = '';
      await waitUntil('chromium DevTools answers', async () => {
        try {
          url = ((await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string }).webSocketDebuggerUrl;
          return true;
        } catch {
          return false;
        }
      }, 20_000, 100);
      const ws = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error(`cannot open ${url}`));
      });
      ws.onmessage = (m) => b.receive(String(m.data));
      b.send0 = (msg) => ws.send(msg);
    }
    track(b.child);
    let stderr = '';
    b.child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    b.child.once('exit', (code) => {
      for (const p of b.pending.values()) p.reject(new Error(`chromium exited (${code}) during ${p.method}: ${stderr}`));
      b.pending.clear();
    });
    await b.openPage();
    return b;
  }

  private receive(text: string): void {
    const msg = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown; sessionId?: string };
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p?.resolve(msg.result);
      return;
    }
    for (const l of this.listeners.get(msg.method ?? '') ?? []) l(msg.params, msg.sessionId);
  }

  /** A protocol call; to the page's session unless `browser` is set. */
  call<T = any>(method: string, params: object = {}, browser = false): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.send0(JSON.stringify({ id, method, params, ...(browser || !this.session ? {} : { sessionId: this.session }) }));
    });
  }

  on(method: string, l: Listener): void {
    this.listeners.set(method, [...(this.listeners.get(method) ?? []), l]);
  }

  private async openPage(): Promise<void> {
    const { targetId } = await this.call<{ targetId: string }>('Target.createTarget', { url: 'about:blank' }, true);
    this.session = (await this.call<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true }, true)).sessionId;
    this.on('Runtime.consoleAPICalled', (p) => {
      if (p.type === 'error' || p.type === 'assert') this.errors.push(`console.${p.type}: ${p.args.map((a: any) => a.value ?? a.description).join(' ')}`);
    });
    this.on('Runtime.exceptionThrown', (p) => this.errors.push(`exception: ${p.exceptionDetails.exception?.description ?? p.exceptionDetails.text}`));
    this.on('Log.entryAdded', (p) => {
      if (p.entry.level === 'error') this.errors.push(`log: ${p.entry.text} ${p.entry.url ?? ''}`);
    });
    await this.call('Page.enable');
    await this.call('Runtime.enable');
    await this.call('Log.enable');
  }

  /** Run before any of the page's own scripts on every load (e.g. a token the tab already holds). */
  async beforeLoad(source: string): Promise<void> {
    await this.call('Page.addScriptToEvaluateOnNewDocument', { source });
  }

  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((r) => this.on('Page.loadEventFired', () => r()));
    const nav = await this.call<{ errorText?: string }>('Page.navigate', { url });
    if (nav.errorText) throw new Error(`navigate ${url}: ${nav.errorText}`);
    await loaded;
  }

  /** The value of an expression in the page (awaited when a promise). */
  async eval<T = any>(expression: string): Promise<T> {
    const r = await this.call<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** Wait until the expression is truthy in the page. */
  async waitFor(what: string, expression: string, timeoutMs = 20_000): Promise<void> {
    await waitUntil(what, async () => Boolean(await this.eval(expression)), timeoutMs, 100);
  }

  async key(key: string, code = key): Promise<void> {
    const keyCode = ({ Enter: 13, Escape: 27, Tab: 9 } as Record<string, number>)[key] ?? 0;
    const text = key === 'Enter' ? '\r' : undefined;
    await this.call('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, ...(text ? { text } : {}) });
    await this.call('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode });
  }

  async screenshot(): Promise<Buffer> {
    const { data } = await this.call<{ data: string }>('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false });
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.call('Browser.close', {}, true), new Promise((r) => setTimeout(r, 2000))]);
    } catch {
      // already gone
    }
    if (this.child.exitCode === null && this.child.pid) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}
