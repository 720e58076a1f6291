// Original file: proto/marina/v1/marathon.proto

import type { PodBackoff as _marina_v1_PodBackoff, PodBackoff__Output as _marina_v1_PodBackoff__Output } from '../../marina/v1/PodBackoff';
import type { UpgradeStrategy as _marina_v1_UpgradeStrategy, UpgradeStrategy__Output as _marina_v1_UpgradeStrategy__Output } from '../../marina/v1/UpgradeStrategy';
import type { PodPlacement as _marina_v1_PodPlacement, PodPlacement__Output as _marina_v1_PodPlacement__Output } from '../../marina/v1/PodPlacement';
import type { UnreachableStrategy as _marina_v1_UnreachableStrategy, UnreachableStrategy__Output as _marina_v1_UnreachableStrategy__Output } from '../../marina/v1/UnreachableStrategy';

export interface PodScheduling {
  'backoff'?: (_marina_v1_PodBackoff | null);
  'upgrade'?: (_marina_v1_UpgradeStrategy | null);
  'placement'?: (_marina_v1_PodPlacement | null);
  'killSelection'?: (string);
  'unreachableStrategy'?: (_marina_v1_UnreachableStrategy | null);
}

export interface PodScheduling__Output {
  'backoff'?: (_marina_v1_PodBackoff__Output);
  'upgrade'?: (_marina_v1_UpgradeStrategy__Output);
  'placement'?: (_marina_v1_PodPlacement__Output);
  'killSelection'?: (string);
  'unreachableStrategy'?: (_marina_v1_UnreachableStrategy__Output);
}
