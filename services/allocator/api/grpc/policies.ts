/** marina.v1.Policies: the /v1/policies operations over gRPC; a policy travels as JSON (lib/model/policy.ts). */
import type * as grpc from '@grpc/grpc-js';
import { MarinaError, errorMessage } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { checkPolicy, deletePolicy, getPolicy, listPolicies, warningsFor, writePolicy } from '../../policies/store';
import { unaryHandler } from './errors';

/** The request's policy_json parsed (400 when it is not JSON). */
export function policyBody(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', `policy_json is not valid JSON: ${errorMessage(err)}`);
  }
}

export function policiesService(core: AllocatorCore): grpc.UntypedServiceImplementation {
  const { ctx } = core;
  return {
    List: unaryHandler(async () => ({ policiesJson: listPolicies(ctx).map((p) => JSON.stringify(p)) })),
    Get: unaryHandler(async (req: { id: string }) => {
      const p = getPolicy(ctx, req.id);
      return { policyJson: JSON.stringify(p), warnings: warningsFor(ctx, p) };
    }),
    Create: unaryHandler(async (req: { policyJson: string }) => {
      const w = await writePolicy(ctx, checkPolicy(ctx, policyBody(req.policyJson)), 'create');
      return { policyJson: JSON.stringify(w.policy), warnings: w.warnings };
    }),
    Update: unaryHandler(async (req: { id: string; policyJson: string }) => {
      const w = await writePolicy(ctx, checkPolicy(ctx, policyBody(req.policyJson), req.id || undefined), 'put');
      return { policyJson: JSON.stringify(w.policy), warnings: w.warnings };
    }),
    Delete: unaryHandler(async (req: { id: string }) => ({ policyJson: JSON.stringify(await deletePolicy(ctx, req.id)), warnings: [] })),
  };
}
