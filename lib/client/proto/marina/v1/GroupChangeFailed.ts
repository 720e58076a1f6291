// Original file: proto/marina/v1/marathon.proto


/**
 * group_change_failed: a change of the group failed (a deployment lock, a store conflict).
 */
export interface GroupChangeFailed {
  'groupId'?: (string);
  'version'?: (string);
  'reason'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

/**
 * group_change_failed: a change of the group failed (a deployment lock, a store conflict).
 */
export interface GroupChangeFailed__Output {
  'groupId'?: (string);
  'version'?: (string);
  'reason'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
