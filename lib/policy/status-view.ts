/** The answer of GET /v1/policies/{id}/status (allocator) as `marina policies status` reads it. */
import type { PolicyRuleCounters } from '../model/policy';

/** One host's line: from its latest PolicyHostStatus report, or not programmed when it has not reported the policy. */
export interface PolicyStatusHost {
  agentId: string;
  programmed: boolean;
  version?: string;
  rules: PolicyRuleCounters[];
  dropped: { packets: number; bytes: number };
  syncedAt?: string;
  error?: string;
}

export interface PolicyStatusView {
  id: string;
  version?: string;
  hosts: PolicyStatusHost[];
}
