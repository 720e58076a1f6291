// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListQueueReply as _marina_v1_ListQueueReply, ListQueueReply__Output as _marina_v1_ListQueueReply__Output } from '../../marina/v1/ListQueueReply';
import type { ListQueueRequest as _marina_v1_ListQueueRequest, ListQueueRequest__Output as _marina_v1_ListQueueRequest__Output } from '../../marina/v1/ListQueueRequest';
import type { ResetDelayReply as _marina_v1_ResetDelayReply, ResetDelayReply__Output as _marina_v1_ResetDelayReply__Output } from '../../marina/v1/ResetDelayReply';
import type { ResetDelayRequest as _marina_v1_ResetDelayRequest, ResetDelayRequest__Output as _marina_v1_ResetDelayRequest__Output } from '../../marina/v1/ResetDelayRequest';

export interface QueueClient extends grpc.Client {
  List(argument: _marina_v1_ListQueueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListQueueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListQueueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListQueueRequest, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListQueueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListQueueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListQueueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListQueueRequest, callback: grpc.requestCallback<_marina_v1_ListQueueReply__Output>): grpc.ClientUnaryCall;
  
  ResetDelay(argument: _marina_v1_ResetDelayRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  ResetDelay(argument: _marina_v1_ResetDelayRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  ResetDelay(argument: _marina_v1_ResetDelayRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  ResetDelay(argument: _marina_v1_ResetDelayRequest, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  resetDelay(argument: _marina_v1_ResetDelayRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  resetDelay(argument: _marina_v1_ResetDelayRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  resetDelay(argument: _marina_v1_ResetDelayRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  resetDelay(argument: _marina_v1_ResetDelayRequest, callback: grpc.requestCallback<_marina_v1_ResetDelayReply__Output>): grpc.ClientUnaryCall;
  
}

export interface QueueHandlers extends grpc.UntypedServiceImplementation {
  List: grpc.handleUnaryCall<_marina_v1_ListQueueRequest__Output, _marina_v1_ListQueueReply>;
  
  ResetDelay: grpc.handleUnaryCall<_marina_v1_ResetDelayRequest__Output, _marina_v1_ResetDelayReply>;
  
}

export interface QueueDefinition extends grpc.ServiceDefinition {
  List: MethodDefinition<_marina_v1_ListQueueRequest, _marina_v1_ListQueueReply, _marina_v1_ListQueueRequest__Output, _marina_v1_ListQueueReply__Output>
  ResetDelay: MethodDefinition<_marina_v1_ResetDelayRequest, _marina_v1_ResetDelayReply, _marina_v1_ResetDelayRequest__Output, _marina_v1_ResetDelayReply__Output>
}
