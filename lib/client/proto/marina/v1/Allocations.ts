// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { InspectAllocationsRequest as _marina_v1_InspectAllocationsRequest, InspectAllocationsRequest__Output as _marina_v1_InspectAllocationsRequest__Output } from '../../marina/v1/InspectAllocationsRequest';
import type { ListAllocationsReply as _marina_v1_ListAllocationsReply, ListAllocationsReply__Output as _marina_v1_ListAllocationsReply__Output } from '../../marina/v1/ListAllocationsReply';
import type { ListAllocationsRequest as _marina_v1_ListAllocationsRequest, ListAllocationsRequest__Output as _marina_v1_ListAllocationsRequest__Output } from '../../marina/v1/ListAllocationsRequest';
import type { ReleaseAllocationReply as _marina_v1_ReleaseAllocationReply, ReleaseAllocationReply__Output as _marina_v1_ReleaseAllocationReply__Output } from '../../marina/v1/ReleaseAllocationReply';
import type { ReleaseAllocationRequest as _marina_v1_ReleaseAllocationRequest, ReleaseAllocationRequest__Output as _marina_v1_ReleaseAllocationRequest__Output } from '../../marina/v1/ReleaseAllocationRequest';

export interface AllocationsClient extends grpc.Client {
  Inspect(argument: _marina_v1_InspectAllocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _marina_v1_InspectAllocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _marina_v1_InspectAllocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  Inspect(argument: _marina_v1_InspectAllocationsRequest, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  inspect(argument: _marina_v1_InspectAllocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  inspect(argument: _marina_v1_InspectAllocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  inspect(argument: _marina_v1_InspectAllocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  inspect(argument: _marina_v1_InspectAllocationsRequest, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _marina_v1_ListAllocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListAllocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListAllocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListAllocationsRequest, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAllocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAllocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAllocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAllocationsRequest, callback: grpc.requestCallback<_marina_v1_ListAllocationsReply__Output>): grpc.ClientUnaryCall;
  
  Release(argument: _marina_v1_ReleaseAllocationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _marina_v1_ReleaseAllocationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _marina_v1_ReleaseAllocationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  Release(argument: _marina_v1_ReleaseAllocationRequest, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  release(argument: _marina_v1_ReleaseAllocationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  release(argument: _marina_v1_ReleaseAllocationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  release(argument: _marina_v1_ReleaseAllocationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  release(argument: _marina_v1_ReleaseAllocationRequest, callback: grpc.requestCallback<_marina_v1_ReleaseAllocationReply__Output>): grpc.ClientUnaryCall;
  
}

export interface AllocationsHandlers extends grpc.UntypedServiceImplementation {
  Inspect: grpc.handleUnaryCall<_marina_v1_InspectAllocationsRequest__Output, _marina_v1_ListAllocationsReply>;
  
  List: grpc.handleUnaryCall<_marina_v1_ListAllocationsRequest__Output, _marina_v1_ListAllocationsReply>;
  
  Release: grpc.handleUnaryCall<_marina_v1_ReleaseAllocationRequest__Output, _marina_v1_ReleaseAllocationReply>;
  
}

export interface AllocationsDefinition extends grpc.ServiceDefinition {
  Inspect: MethodDefinition<_marina_v1_InspectAllocationsRequest, _marina_v1_ListAllocationsReply, _marina_v1_InspectAllocationsRequest__Output, _marina_v1_ListAllocationsReply__Output>
  List: MethodDefinition<_marina_v1_ListAllocationsRequest, _marina_v1_ListAllocationsReply, _marina_v1_ListAllocationsRequest__Output, _marina_v1_ListAllocationsReply__Output>
  Release: MethodDefinition<_marina_v1_ReleaseAllocationRequest, _marina_v1_ReleaseAllocationReply, _marina_v1_ReleaseAllocationRequest__Output, _marina_v1_ReleaseAllocationReply__Output>
}
