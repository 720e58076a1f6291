// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteDeploymentReply as _marina_v1_DeleteDeploymentReply, DeleteDeploymentReply__Output as _marina_v1_DeleteDeploymentReply__Output } from '../../marina/v1/DeleteDeploymentReply';
import type { DeleteDeploymentRequest as _marina_v1_DeleteDeploymentRequest, DeleteDeploymentRequest__Output as _marina_v1_DeleteDeploymentRequest__Output } from '../../marina/v1/DeleteDeploymentRequest';
import type { ListDeploymentsReply as _marina_v1_ListDeploymentsReply, ListDeploymentsReply__Output as _marina_v1_ListDeploymentsReply__Output } from '../../marina/v1/ListDeploymentsReply';
import type { ListDeploymentsRequest as _marina_v1_ListDeploymentsRequest, ListDeploymentsRequest__Output as _marina_v1_ListDeploymentsRequest__Output } from '../../marina/v1/ListDeploymentsRequest';

export interface DeploymentsClient extends grpc.Client {
  Delete(argument: _marina_v1_DeleteDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_DeleteDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_DeleteDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_DeleteDeploymentRequest, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_DeleteDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_DeleteDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_DeleteDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_DeleteDeploymentRequest, callback: grpc.requestCallback<_marina_v1_DeleteDeploymentReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _marina_v1_ListDeploymentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListDeploymentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListDeploymentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListDeploymentsRequest, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListDeploymentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListDeploymentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListDeploymentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListDeploymentsRequest, callback: grpc.requestCallback<_marina_v1_ListDeploymentsReply__Output>): grpc.ClientUnaryCall;
  
}

export interface DeploymentsHandlers extends grpc.UntypedServiceImplementation {
  Delete: grpc.handleUnaryCall<_marina_v1_DeleteDeploymentRequest__Output, _marina_v1_DeleteDeploymentReply>;
  
  List: grpc.handleUnaryCall<_marina_v1_ListDeploymentsRequest__Output, _marina_v1_ListDeploymentsReply>;
  
}

export interface DeploymentsDefinition extends grpc.ServiceDefinition {
  Delete: MethodDefinition<_marina_v1_DeleteDeploymentRequest, _marina_v1_DeleteDeploymentReply, _marina_v1_DeleteDeploymentRequest__Output, _marina_v1_DeleteDeploymentReply__Output>
  List: MethodDefinition<_marina_v1_ListDeploymentsRequest, _marina_v1_ListDeploymentsReply, _marina_v1_ListDeploymentsRequest__Output, _marina_v1_ListDeploymentsReply__Output>
}
