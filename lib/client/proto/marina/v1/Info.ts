// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { InfoRequest as _marina_v1_InfoRequest, InfoRequest__Output as _marina_v1_InfoRequest__Output } from '../../marina/v1/InfoRequest';
import type { MarathonInfo as _marina_v1_MarathonInfo, MarathonInfo__Output as _marina_v1_MarathonInfo__Output } from '../../marina/v1/MarathonInfo';

export interface InfoClient extends grpc.Client {
  /**
   * GET /v2/info.
   */
  Get(argument: _marina_v1_InfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_InfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_InfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_InfoRequest, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  /**
   * GET /v2/info.
   */
  get(argument: _marina_v1_InfoRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_InfoRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_InfoRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_InfoRequest, callback: grpc.requestCallback<_marina_v1_MarathonInfo__Output>): grpc.ClientUnaryCall;
  
}

export interface InfoHandlers extends grpc.UntypedServiceImplementation {
  /**
   * GET /v2/info.
   */
  Get: grpc.handleUnaryCall<_marina_v1_InfoRequest__Output, _marina_v1_MarathonInfo>;
  
}

export interface InfoDefinition extends grpc.ServiceDefinition {
  Get: MethodDefinition<_marina_v1_InfoRequest, _marina_v1_MarathonInfo, _marina_v1_InfoRequest__Output, _marina_v1_MarathonInfo__Output>
}
