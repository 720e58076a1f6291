// Original file: proto/marina/v1/marina.proto

import type { QueueItem as _marina_v1_QueueItem, QueueItem__Output as _marina_v1_QueueItem__Output } from '../../marina/v1/QueueItem';

export interface ListQueueReply {
  'queue'?: (_marina_v1_QueueItem)[];
}

export interface ListQueueReply__Output {
  'queue'?: (_marina_v1_QueueItem__Output)[];
}
