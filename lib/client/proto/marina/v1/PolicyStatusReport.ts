// Original file: proto/marina/v1/marina.proto


/**
 * What an agent's policy table holds (issue 11): the JSON of PolicyHostStatus
 * (lib/model/policy.ts). NodeRestriction: an agent reports only its own id.
 * The allocator keeps the latest report per agent (GET /v1/policies/{id}/status).
 */
export interface PolicyStatusReport {
  'agentId'?: (string);
  'statusJson'?: (string);
}

/**
 * What an agent's policy table holds (issue 11): the JSON of PolicyHostStatus
 * (lib/model/policy.ts). NodeRestriction: an agent reports only its own id.
 * The allocator keeps the latest report per agent (GET /v1/policies/{id}/status).
 */
export interface PolicyStatusReport__Output {
  'agentId'?: (string);
  'statusJson'?: (string);
}
