// Original file: proto/marina/v1/marina.proto

import type { WatchSnapshot as _marina_v1_WatchSnapshot, WatchSnapshot__Output as _marina_v1_WatchSnapshot__Output } from '../../marina/v1/WatchSnapshot';
import type { WatchBatch as _marina_v1_WatchBatch, WatchBatch__Output as _marina_v1_WatchBatch__Output } from '../../marina/v1/WatchBatch';
import type { Long } from '@grpc/proto-loader';

export interface WatchMessage {
  /**
   * Revision the consumer is at after applying this message.
   */
  'revision'?: (number | string | Long);
  'snapshot'?: (_marina_v1_WatchSnapshot | null);
  'batch'?: (_marina_v1_WatchBatch | null);
  'body'?: "snapshot"|"batch";
}

export interface WatchMessage__Output {
  /**
   * Revision the consumer is at after applying this message.
   */
  'revision'?: (number);
  'snapshot'?: (_marina_v1_WatchSnapshot__Output);
  'batch'?: (_marina_v1_WatchBatch__Output);
  'body'?: "snapshot"|"batch";
}
