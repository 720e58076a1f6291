// Original file: proto/marina/v1/marathon.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';
import type { PodStatus as _marina_v1_PodStatus, PodStatus__Output as _marina_v1_PodStatus__Output } from '../../marina/v1/PodStatus';
import type { Group as _marina_v1_Group, Group__Output as _marina_v1_Group__Output } from '../../marina/v1/Group';

/**
 * GET /v2/groups/{id} (GroupInfo): pods as PodStatus, as /v2 shows them.
 */
export interface Group {
  'id'?: (string);
  'apps'?: (_marina_v1_App)[];
  'pods'?: (_marina_v1_PodStatus)[];
  'groups'?: (_marina_v1_Group)[];
  'dependencies'?: (string)[];
  'version'?: (string);
  /**
   * Marathon 1.9+: top-level groups only; false when not set.
   */
  'enforceRole'?: (boolean);
}

/**
 * GET /v2/groups/{id} (GroupInfo): pods as PodStatus, as /v2 shows them.
 */
export interface Group__Output {
  'id'?: (string);
  'apps'?: (_marina_v1_App__Output)[];
  'pods'?: (_marina_v1_PodStatus__Output)[];
  'groups'?: (_marina_v1_Group__Output)[];
  'dependencies'?: (string)[];
  'version'?: (string);
  /**
   * Marathon 1.9+: top-level groups only; false when not set.
   */
  'enforceRole'?: (boolean);
}
