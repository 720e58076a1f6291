// Original file: proto/marina/v1/marina.proto

import type { GroupUpdate as _marina_v1_GroupUpdate, GroupUpdate__Output as _marina_v1_GroupUpdate__Output } from '../../marina/v1/GroupUpdate';

export interface GroupWriteRequest {
  /**
   * PUT only: the group to change (the body's id when empty).
   */
  'id'?: (string);
  'group'?: (_marina_v1_GroupUpdate | null);
  'force'?: (boolean);
  /**
   * PUT only: answer the plan's steps, change nothing.
   */
  'dryRun'?: (boolean);
}

export interface GroupWriteRequest__Output {
  /**
   * PUT only: the group to change (the body's id when empty).
   */
  'id'?: (string);
  'group'?: (_marina_v1_GroupUpdate__Output);
  'force'?: (boolean);
  /**
   * PUT only: answer the plan's steps, change nothing.
   */
  'dryRun'?: (boolean);
}
