/**
 * Registration and keep-alive: the agent registers with the allocator
 * (which hands it its bridge subnet), refreshes its lease every keepAliveMs,
 * and registers again when the lease is gone (the allocator lost or expired
 * it). A keep-alive answered after failures means the allocator is back:
 * onReconnect lets the agent re-report its tasks' states (issue 13 item 3).
 */
import type { AgentApi, AgentRegistration } from '../../lib/client/agent-api';
import { errorMessage, isMarinaError } from '../../lib/errors';
import type { Logger } from '../../lib/log';
import type { Agent } from '../../lib/model/cluster';

export interface RegistrationOptions {
  api: AgentApi;
  registration: AgentRegistration;
  keepAliveMs: number;
  log: Logger;
  /** Registered again, or the allocator answers again after failed keep-alives. */
  onReconnect(): void;
}

export class Registration {
  /** This agent as the allocator stored it (updated from the feed by the agent). */
  agent!: Agent;
  private timer?: NodeJS.Timeout;
  private failing = false;
  private stopped = false;

  constructor(private readonly opts: RegistrationOptions) {}

  /**
   * Register and start the keep-alive. An allocator that cannot be reached
   * yet (starting, restarting) is retried with capped backoff, as kubelet
   * does; a refusal (invalid registration) rejects.
   */
  async start(): Promise<Agent> {
    for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
      try {
        await this.register();
        break;
      } catch (err) {
        if (!isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE') || this.stopped) throw err;
        this.opts.log.warn({ err: errorMessage(err), retryInMs: delay }, 'allocator unreachable; registering again');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    this.timer = setInterval(() => void this.keepAlive(), this.opts.keepAliveMs);
    return this.agent;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async register(): Promise<void> {
    this.agent = await this.opts.api.registerAgent(this.opts.registration);
    this.opts.log.info({ agentId: this.agent.id, bridgeCidr: this.agent.bridgeCidr }, 'registered');
  }

  private async keepAlive(): Promise<void> {
    try {
      await this.opts.api.keepAlive(this.agent.id);
      if (this.failing) {
        this.failing = false;
        this.opts.log.info({ agentId: this.agent.id }, 'allocator reachable again');
        this.opts.onReconnect();
      }
    } catch (err) {
      if (isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) {
        try {
          await this.register();
          this.failing = false;
          this.opts.onReconnect();
        } catch (e) {
          this.failing = true;
          this.opts.log.warn({ err: errorMessage(e) }, 're-registration failed');
        }
      } else {
        if (!this.failing) this.opts.log.warn({ err: errorMessage(err) }, 'keep-alive failed');
        this.failing = true;
      }
    }
  }
}
