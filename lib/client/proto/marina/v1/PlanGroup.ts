// Original file: proto/marina/v1/marathon.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';
import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';
import type { PlanGroup as _marina_v1_PlanGroup, PlanGroup__Output as _marina_v1_PlanGroup__Output } from '../../marina/v1/PlanGroup';

/**
 * A group as a deployment plan carries it (original / target).
 */
export interface PlanGroup {
  'id'?: (string);
  'apps'?: (_marina_v1_App)[];
  'pods'?: (_marina_v1_Pod)[];
  'groups'?: (_marina_v1_PlanGroup)[];
  'dependencies'?: (string)[];
  'version'?: (string);
  'enforceRole'?: (boolean);
}

/**
 * A group as a deployment plan carries it (original / target).
 */
export interface PlanGroup__Output {
  'id'?: (string);
  'apps'?: (_marina_v1_App__Output)[];
  'pods'?: (_marina_v1_Pod__Output)[];
  'groups'?: (_marina_v1_PlanGroup__Output)[];
  'dependencies'?: (string)[];
  'version'?: (string);
  'enforceRole'?: (boolean);
}
