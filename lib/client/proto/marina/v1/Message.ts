// Original file: proto/marina/v1/marathon.proto


/**
 * DELETE /v2/leader.
 */
export interface Message {
  'message'?: (string);
}

/**
 * DELETE /v2/leader.
 */
export interface Message__Output {
  'message'?: (string);
}
