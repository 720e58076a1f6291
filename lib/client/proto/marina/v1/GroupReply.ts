// Original file: proto/marina/v1/marina.proto

import type { Group as _marina_v1_Group, Group__Output as _marina_v1_Group__Output } from '../../marina/v1/Group';

export interface GroupReply {
  'group'?: (_marina_v1_Group | null);
}

export interface GroupReply__Output {
  'group'?: (_marina_v1_Group__Output);
}
