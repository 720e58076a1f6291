// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListPoliciesReply as _marina_v1_ListPoliciesReply, ListPoliciesReply__Output as _marina_v1_ListPoliciesReply__Output } from '../../marina/v1/ListPoliciesReply';
import type { ListPoliciesRequest as _marina_v1_ListPoliciesRequest, ListPoliciesRequest__Output as _marina_v1_ListPoliciesRequest__Output } from '../../marina/v1/ListPoliciesRequest';
import type { PolicyIdRequest as _marina_v1_PolicyIdRequest, PolicyIdRequest__Output as _marina_v1_PolicyIdRequest__Output } from '../../marina/v1/PolicyIdRequest';
import type { PolicyReply as _marina_v1_PolicyReply, PolicyReply__Output as _marina_v1_PolicyReply__Output } from '../../marina/v1/PolicyReply';
import type { PolicyWriteRequest as _marina_v1_PolicyWriteRequest, PolicyWriteRequest__Output as _marina_v1_PolicyWriteRequest__Output } from '../../marina/v1/PolicyWriteRequest';

export interface PoliciesClient extends grpc.Client {
  Create(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_PolicyWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_PolicyWriteRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PolicyWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PolicyWriteRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_PolicyIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_PolicyIdRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PolicyIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PolicyIdRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_PolicyIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_PolicyIdRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PolicyIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PolicyIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PolicyIdRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _marina_v1_ListPoliciesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListPoliciesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListPoliciesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListPoliciesRequest, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPoliciesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPoliciesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPoliciesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPoliciesRequest, callback: grpc.requestCallback<_marina_v1_ListPoliciesReply__Output>): grpc.ClientUnaryCall;
  
  Update(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_PolicyWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_PolicyWriteRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PolicyWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PolicyWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PolicyWriteRequest, callback: grpc.requestCallback<_marina_v1_PolicyReply__Output>): grpc.ClientUnaryCall;
  
}

export interface PoliciesHandlers extends grpc.UntypedServiceImplementation {
  Create: grpc.handleUnaryCall<_marina_v1_PolicyWriteRequest__Output, _marina_v1_PolicyReply>;
  
  Delete: grpc.handleUnaryCall<_marina_v1_PolicyIdRequest__Output, _marina_v1_PolicyReply>;
  
  Get: grpc.handleUnaryCall<_marina_v1_PolicyIdRequest__Output, _marina_v1_PolicyReply>;
  
  List: grpc.handleUnaryCall<_marina_v1_ListPoliciesRequest__Output, _marina_v1_ListPoliciesReply>;
  
  Update: grpc.handleUnaryCall<_marina_v1_PolicyWriteRequest__Output, _marina_v1_PolicyReply>;
  
}

export interface PoliciesDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_marina_v1_PolicyWriteRequest, _marina_v1_PolicyReply, _marina_v1_PolicyWriteRequest__Output, _marina_v1_PolicyReply__Output>
  Delete: MethodDefinition<_marina_v1_PolicyIdRequest, _marina_v1_PolicyReply, _marina_v1_PolicyIdRequest__Output, _marina_v1_PolicyReply__Output>
  Get: MethodDefinition<_marina_v1_PolicyIdRequest, _marina_v1_PolicyReply, _marina_v1_PolicyIdRequest__Output, _marina_v1_PolicyReply__Output>
  List: MethodDefinition<_marina_v1_ListPoliciesRequest, _marina_v1_ListPoliciesReply, _marina_v1_ListPoliciesRequest__Output, _marina_v1_ListPoliciesReply__Output>
  Update: MethodDefinition<_marina_v1_PolicyWriteRequest, _marina_v1_PolicyReply, _marina_v1_PolicyWriteRequest__Output, _marina_v1_PolicyReply__Output>
}
