// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { WatchMessage as _marina_v1_WatchMessage, WatchMessage__Output as _marina_v1_WatchMessage__Output } from '../../marina/v1/WatchMessage';
import type { WatchRequest as _marina_v1_WatchRequest, WatchRequest__Output as _marina_v1_WatchRequest__Output } from '../../marina/v1/WatchRequest';

export interface WatchClient extends grpc.Client {
  Watch(argument: _marina_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  Watch(argument: _marina_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  watch(argument: _marina_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  watch(argument: _marina_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  
}

export interface WatchHandlers extends grpc.UntypedServiceImplementation {
  Watch: grpc.handleServerStreamingCall<_marina_v1_WatchRequest__Output, _marina_v1_WatchMessage>;
  
}

export interface WatchDefinition extends grpc.ServiceDefinition {
  Watch: MethodDefinition<_marina_v1_WatchRequest, _marina_v1_WatchMessage, _marina_v1_WatchRequest__Output, _marina_v1_WatchMessage__Output>
}
