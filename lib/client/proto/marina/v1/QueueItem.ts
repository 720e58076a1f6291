// Original file: proto/marina/v1/marathon.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';
import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from '../../marina/v1/Pod';
import type { QueueDelay as _marina_v1_QueueDelay, QueueDelay__Output as _marina_v1_QueueDelay__Output } from '../../marina/v1/QueueDelay';
import type { ProcessedOffersSummary as _marina_v1_ProcessedOffersSummary, ProcessedOffersSummary__Output as _marina_v1_ProcessedOffersSummary__Output } from '../../marina/v1/ProcessedOffersSummary';

/**
 * One entry of GET /v2/queue: an app or a pod waiting for capacity.
 */
export interface QueueItem {
  'app'?: (_marina_v1_App | null);
  'pod'?: (_marina_v1_Pod | null);
  'count'?: (number);
  'delay'?: (_marina_v1_QueueDelay | null);
  'since'?: (string);
  'processedOffersSummary'?: (_marina_v1_ProcessedOffersSummary | null);
}

/**
 * One entry of GET /v2/queue: an app or a pod waiting for capacity.
 */
export interface QueueItem__Output {
  'app'?: (_marina_v1_App__Output);
  'pod'?: (_marina_v1_Pod__Output);
  'count'?: (number);
  'delay'?: (_marina_v1_QueueDelay__Output);
  'since'?: (string);
  'processedOffersSummary'?: (_marina_v1_ProcessedOffersSummary__Output);
}
