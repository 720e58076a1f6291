// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetGroupRequest as _marina_v1_GetGroupRequest, GetGroupRequest__Output as _marina_v1_GetGroupRequest__Output } from '../../marina/v1/GetGroupRequest';
import type { GroupIdRequest as _marina_v1_GroupIdRequest, GroupIdRequest__Output as _marina_v1_GroupIdRequest__Output } from '../../marina/v1/GroupIdRequest';
import type { GroupReply as _marina_v1_GroupReply, GroupReply__Output as _marina_v1_GroupReply__Output } from '../../marina/v1/GroupReply';
import type { GroupVersionRequest as _marina_v1_GroupVersionRequest, GroupVersionRequest__Output as _marina_v1_GroupVersionRequest__Output } from '../../marina/v1/GroupVersionRequest';
import type { GroupVersionsReply as _marina_v1_GroupVersionsReply, GroupVersionsReply__Output as _marina_v1_GroupVersionsReply__Output } from '../../marina/v1/GroupVersionsReply';
import type { GroupWriteReply as _marina_v1_GroupWriteReply, GroupWriteReply__Output as _marina_v1_GroupWriteReply__Output } from '../../marina/v1/GroupWriteReply';
import type { GroupWriteRequest as _marina_v1_GroupWriteRequest, GroupWriteRequest__Output as _marina_v1_GroupWriteRequest__Output } from '../../marina/v1/GroupWriteRequest';

export interface GroupsClient extends grpc.Client {
  Create(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_GroupWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_GroupWriteRequest, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_GroupWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_GroupWriteRequest, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_GroupIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_GroupIdRequest, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_GroupIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_GroupIdRequest, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _marina_v1_GetGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_GetGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_GetGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_GetGroupRequest, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetGroupRequest, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * GET /v2/groups/{id}/versions/{version}: the group as it was then.
   */
  GetVersion(argument: _marina_v1_GroupVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _marina_v1_GroupVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _marina_v1_GroupVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _marina_v1_GroupVersionRequest, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  /**
   * GET /v2/groups/{id}/versions/{version}: the group as it was then.
   */
  getVersion(argument: _marina_v1_GroupVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_GroupVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_GroupVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_GroupVersionRequest, callback: grpc.requestCallback<_marina_v1_GroupReply__Output>): grpc.ClientUnaryCall;
  
  ListVersions(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _marina_v1_GroupIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _marina_v1_GroupIdRequest, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_GroupIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_GroupIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_GroupIdRequest, callback: grpc.requestCallback<_marina_v1_GroupVersionsReply__Output>): grpc.ClientUnaryCall;
  
  Update(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_GroupWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_GroupWriteRequest, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_GroupWriteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_GroupWriteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_GroupWriteRequest, callback: grpc.requestCallback<_marina_v1_GroupWriteReply__Output>): grpc.ClientUnaryCall;
  
}

export interface GroupsHandlers extends grpc.UntypedServiceImplementation {
  Create: grpc.handleUnaryCall<_marina_v1_GroupWriteRequest__Output, _marina_v1_GroupWriteReply>;
  
  Delete: grpc.handleUnaryCall<_marina_v1_GroupIdRequest__Output, _marina_v1_GroupWriteReply>;
  
  Get: grpc.handleUnaryCall<_marina_v1_GetGroupRequest__Output, _marina_v1_GroupReply>;
  
  /**
   * GET /v2/groups/{id}/versions/{version}: the group as it was then.
   */
  GetVersion: grpc.handleUnaryCall<_marina_v1_GroupVersionRequest__Output, _marina_v1_GroupReply>;
  
  ListVersions: grpc.handleUnaryCall<_marina_v1_GroupIdRequest__Output, _marina_v1_GroupVersionsReply>;
  
  Update: grpc.handleUnaryCall<_marina_v1_GroupWriteRequest__Output, _marina_v1_GroupWriteReply>;
  
}

export interface GroupsDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_marina_v1_GroupWriteRequest, _marina_v1_GroupWriteReply, _marina_v1_GroupWriteRequest__Output, _marina_v1_GroupWriteReply__Output>
  Delete: MethodDefinition<_marina_v1_GroupIdRequest, _marina_v1_GroupWriteReply, _marina_v1_GroupIdRequest__Output, _marina_v1_GroupWriteReply__Output>
  Get: MethodDefinition<_marina_v1_GetGroupRequest, _marina_v1_GroupReply, _marina_v1_GetGroupRequest__Output, _marina_v1_GroupReply__Output>
  GetVersion: MethodDefinition<_marina_v1_GroupVersionRequest, _marina_v1_GroupReply, _marina_v1_GroupVersionRequest__Output, _marina_v1_GroupReply__Output>
  ListVersions: MethodDefinition<_marina_v1_GroupIdRequest, _marina_v1_GroupVersionsReply, _marina_v1_GroupIdRequest__Output, _marina_v1_GroupVersionsReply__Output>
  Update: MethodDefinition<_marina_v1_GroupWriteRequest, _marina_v1_GroupWriteReply, _marina_v1_GroupWriteRequest__Output, _marina_v1_GroupWriteReply__Output>
}
