// Original file: proto/marina/v1/marathon.proto


/**
 * GET /v2/leader.
 */
export interface LeaderInfo {
  'leader'?: (string);
}

/**
 * GET /v2/leader.
 */
export interface LeaderInfo__Output {
  'leader'?: (string);
}
