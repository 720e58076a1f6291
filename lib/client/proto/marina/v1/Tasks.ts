// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { KillTasksRequest as _marina_v1_KillTasksRequest, KillTasksRequest__Output as _marina_v1_KillTasksRequest__Output } from '../../marina/v1/KillTasksRequest';
import type { ListTasksRequest as _marina_v1_ListTasksRequest, ListTasksRequest__Output as _marina_v1_ListTasksRequest__Output } from '../../marina/v1/ListTasksRequest';
import type { TasksReply as _marina_v1_TasksReply, TasksReply__Output as _marina_v1_TasksReply__Output } from '../../marina/v1/TasksReply';

export interface TasksClient extends grpc.Client {
  Kill(argument: _marina_v1_KillTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  Kill(argument: _marina_v1_KillTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  Kill(argument: _marina_v1_KillTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  Kill(argument: _marina_v1_KillTasksRequest, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  kill(argument: _marina_v1_KillTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  kill(argument: _marina_v1_KillTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  kill(argument: _marina_v1_KillTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  kill(argument: _marina_v1_KillTasksRequest, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _marina_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListTasksRequest, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListTasksRequest, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  
}

export interface TasksHandlers extends grpc.UntypedServiceImplementation {
  Kill: grpc.handleUnaryCall<_marina_v1_KillTasksRequest__Output, _marina_v1_TasksReply>;
  
  List: grpc.handleUnaryCall<_marina_v1_ListTasksRequest__Output, _marina_v1_TasksReply>;
  
}

export interface TasksDefinition extends grpc.ServiceDefinition {
  Kill: MethodDefinition<_marina_v1_KillTasksRequest, _marina_v1_TasksReply, _marina_v1_KillTasksRequest__Output, _marina_v1_TasksReply__Output>
  List: MethodDefinition<_marina_v1_ListTasksRequest, _marina_v1_TasksReply, _marina_v1_ListTasksRequest__Output, _marina_v1_TasksReply__Output>
}
