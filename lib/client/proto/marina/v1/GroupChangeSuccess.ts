// Original file: proto/marina/v1/marathon.proto


/**
 * group_change_success: a change of the group (an app, pod or group write) was stored.
 */
export interface GroupChangeSuccess {
  'groupId'?: (string);
  'version'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}

/**
 * group_change_success: a change of the group (an app, pod or group write) was stored.
 */
export interface GroupChangeSuccess__Output {
  'groupId'?: (string);
  'version'?: (string);
  'eventType'?: (string);
  'timestamp'?: (string);
}
