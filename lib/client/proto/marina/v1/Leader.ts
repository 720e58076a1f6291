// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LeaderInfo as _marina_v1_LeaderInfo, LeaderInfo__Output as _marina_v1_LeaderInfo__Output } from '../../marina/v1/LeaderInfo';
import type { LeaderRequest as _marina_v1_LeaderRequest, LeaderRequest__Output as _marina_v1_LeaderRequest__Output } from '../../marina/v1/LeaderRequest';
import type { Message as _marina_v1_Message, Message__Output as _marina_v1_Message__Output } from '../../marina/v1/Message';

export interface LeaderClient extends grpc.Client {
  /**
   * DELETE /v2/leader: the leader steps down, another replica takes over.
   */
  Abdicate(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  Abdicate(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  Abdicate(argument: _marina_v1_LeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  Abdicate(argument: _marina_v1_LeaderRequest, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  /**
   * DELETE /v2/leader: the leader steps down, another replica takes over.
   */
  abdicate(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  abdicate(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  abdicate(argument: _marina_v1_LeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  abdicate(argument: _marina_v1_LeaderRequest, callback: grpc.requestCallback<_marina_v1_Message__Output>): grpc.ClientUnaryCall;
  
  /**
   * GET /v2/leader (NOT_FOUND "There is no leader").
   */
  Get(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_LeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_LeaderRequest, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  /**
   * GET /v2/leader (NOT_FOUND "There is no leader").
   */
  get(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_LeaderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_LeaderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_LeaderRequest, callback: grpc.requestCallback<_marina_v1_LeaderInfo__Output>): grpc.ClientUnaryCall;
  
}

export interface LeaderHandlers extends grpc.UntypedServiceImplementation {
  /**
   * DELETE /v2/leader: the leader steps down, another replica takes over.
   */
  Abdicate: grpc.handleUnaryCall<_marina_v1_LeaderRequest__Output, _marina_v1_Message>;
  
  /**
   * GET /v2/leader (NOT_FOUND "There is no leader").
   */
  Get: grpc.handleUnaryCall<_marina_v1_LeaderRequest__Output, _marina_v1_LeaderInfo>;
  
}

export interface LeaderDefinition extends grpc.ServiceDefinition {
  Abdicate: MethodDefinition<_marina_v1_LeaderRequest, _marina_v1_Message, _marina_v1_LeaderRequest__Output, _marina_v1_Message__Output>
  Get: MethodDefinition<_marina_v1_LeaderRequest, _marina_v1_LeaderInfo, _marina_v1_LeaderRequest__Output, _marina_v1_LeaderInfo__Output>
}
