// Original file: proto/marina/v1/marathon.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';
import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';
import type { GroupUpdate as _marina_v1_GroupUpdate, GroupUpdate__Output as _marina_v1_GroupUpdate__Output } from '../../marina/v1/GroupUpdate';

/**
 * POST /v2/groups, PUT /v2/groups/{id} (GroupUpdate).
 */
export interface GroupUpdate {
  'id'?: (string);
  'apps'?: (_marina_v1_App)[];
  'pods'?: (_marina_v1_Pod)[];
  'groups'?: (_marina_v1_GroupUpdate)[];
  'dependencies'?: (string)[];
  'scaleBy'?: (number | string);
  'version'?: (string);
  'enforceRole'?: (boolean);
}

/**
 * POST /v2/groups, PUT /v2/groups/{id} (GroupUpdate).
 */
export interface GroupUpdate__Output {
  'id'?: (string);
  'apps'?: (_marina_v1_App__Output)[];
  'pods'?: (_marina_v1_Pod__Output)[];
  'groups'?: (_marina_v1_GroupUpdate__Output)[];
  'dependencies'?: (string)[];
  'scaleBy'?: (number);
  'version'?: (string);
  'enforceRole'?: (boolean);
}
