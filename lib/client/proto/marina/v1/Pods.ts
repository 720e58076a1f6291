// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeploymentResult as _marina_v1_DeploymentResult, DeploymentResult__Output as _marina_v1_DeploymentResult__Output } from '../../marina/v1/DeploymentResult';
import type { ListPodsReply as _marina_v1_ListPodsReply, ListPodsReply__Output as _marina_v1_ListPodsReply__Output } from '../../marina/v1/ListPodsReply';
import type { ListPodsRequest as _marina_v1_ListPodsRequest, ListPodsRequest__Output as _marina_v1_ListPodsRequest__Output } from '../../marina/v1/ListPodsRequest';
import type { PodIdRequest as _marina_v1_PodIdRequest, PodIdRequest__Output as _marina_v1_PodIdRequest__Output } from '../../marina/v1/PodIdRequest';
import type { PodReply as _marina_v1_PodReply, PodReply__Output as _marina_v1_PodReply__Output } from '../../marina/v1/PodReply';
import type { PodRequest as _marina_v1_PodRequest, PodRequest__Output as _marina_v1_PodRequest__Output } from '../../marina/v1/PodRequest';
import type { PodStatusReply as _marina_v1_PodStatusReply, PodStatusReply__Output as _marina_v1_PodStatusReply__Output } from '../../marina/v1/PodStatusReply';

export interface PodsClient extends grpc.Client {
  Create(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_PodRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_PodRequest, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PodRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_PodRequest, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_PodIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_PodIdRequest, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PodIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_PodIdRequest, callback: grpc.requestCallback<_marina_v1_DeploymentResult__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_PodIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_PodIdRequest, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PodIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_PodIdRequest, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _marina_v1_ListPodsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListPodsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListPodsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListPodsRequest, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPodsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPodsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPodsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListPodsRequest, callback: grpc.requestCallback<_marina_v1_ListPodsReply__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  Status(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  Status(argument: _marina_v1_PodIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  Status(argument: _marina_v1_PodIdRequest, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  status(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  status(argument: _marina_v1_PodIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  status(argument: _marina_v1_PodIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  status(argument: _marina_v1_PodIdRequest, callback: grpc.requestCallback<_marina_v1_PodStatusReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Replace (or create) the pod named by pod.id.
   */
  Update(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_PodRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_PodRequest, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  /**
   * Replace (or create) the pod named by pod.id.
   */
  update(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PodRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PodRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_PodRequest, callback: grpc.requestCallback<_marina_v1_PodReply__Output>): grpc.ClientUnaryCall;
  
}

export interface PodsHandlers extends grpc.UntypedServiceImplementation {
  Create: grpc.handleUnaryCall<_marina_v1_PodRequest__Output, _marina_v1_PodReply>;
  
  Delete: grpc.handleUnaryCall<_marina_v1_PodIdRequest__Output, _marina_v1_DeploymentResult>;
  
  Get: grpc.handleUnaryCall<_marina_v1_PodIdRequest__Output, _marina_v1_PodReply>;
  
  List: grpc.handleUnaryCall<_marina_v1_ListPodsRequest__Output, _marina_v1_ListPodsReply>;
  
  Status: grpc.handleUnaryCall<_marina_v1_PodIdRequest__Output, _marina_v1_PodStatusReply>;
  
  /**
   * Replace (or create) the pod named by pod.id.
   */
  Update: grpc.handleUnaryCall<_marina_v1_PodRequest__Output, _marina_v1_PodReply>;
  
}

export interface PodsDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_marina_v1_PodRequest, _marina_v1_PodReply, _marina_v1_PodRequest__Output, _marina_v1_PodReply__Output>
  Delete: MethodDefinition<_marina_v1_PodIdRequest, _marina_v1_DeploymentResult, _marina_v1_PodIdRequest__Output, _marina_v1_DeploymentResult__Output>
  Get: MethodDefinition<_marina_v1_PodIdRequest, _marina_v1_PodReply, _marina_v1_PodIdRequest__Output, _marina_v1_PodReply__Output>
  List: MethodDefinition<_marina_v1_ListPodsRequest, _marina_v1_ListPodsReply, _marina_v1_ListPodsRequest__Output, _marina_v1_ListPodsReply__Output>
  Status: MethodDefinition<_marina_v1_PodIdRequest, _marina_v1_PodStatusReply, _marina_v1_PodIdRequest__Output, _marina_v1_PodStatusReply__Output>
  Update: MethodDefinition<_marina_v1_PodRequest, _marina_v1_PodReply, _marina_v1_PodRequest__Output, _marina_v1_PodReply__Output>
}
