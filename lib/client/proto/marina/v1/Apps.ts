// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AppDeploymentReply as _marina_v1_AppDeploymentReply, AppDeploymentReply__Output as _marina_v1_AppDeploymentReply__Output } from '../../marina/v1/AppDeploymentReply';
import type { AppIdRequest as _marina_v1_AppIdRequest, AppIdRequest__Output as _marina_v1_AppIdRequest__Output } from '../../marina/v1/AppIdRequest';
import type { AppReply as _marina_v1_AppReply, AppReply__Output as _marina_v1_AppReply__Output } from '../../marina/v1/AppReply';
import type { AppVersionRequest as _marina_v1_AppVersionRequest, AppVersionRequest__Output as _marina_v1_AppVersionRequest__Output } from '../../marina/v1/AppVersionRequest';
import type { AppVersionsReply as _marina_v1_AppVersionsReply, AppVersionsReply__Output as _marina_v1_AppVersionsReply__Output } from '../../marina/v1/AppVersionsReply';
import type { CreateAppRequest as _marina_v1_CreateAppRequest, CreateAppRequest__Output as _marina_v1_CreateAppRequest__Output } from '../../marina/v1/CreateAppRequest';
import type { GetAppRequest as _marina_v1_GetAppRequest, GetAppRequest__Output as _marina_v1_GetAppRequest__Output } from '../../marina/v1/GetAppRequest';
import type { KillAppTasksRequest as _marina_v1_KillAppTasksRequest, KillAppTasksRequest__Output as _marina_v1_KillAppTasksRequest__Output } from '../../marina/v1/KillAppTasksRequest';
import type { KillTasksReply as _marina_v1_KillTasksReply, KillTasksReply__Output as _marina_v1_KillTasksReply__Output } from '../../marina/v1/KillTasksReply';
import type { ListAppsReply as _marina_v1_ListAppsReply, ListAppsReply__Output as _marina_v1_ListAppsReply__Output } from '../../marina/v1/ListAppsReply';
import type { ListAppsRequest as _marina_v1_ListAppsRequest, ListAppsRequest__Output as _marina_v1_ListAppsRequest__Output } from '../../marina/v1/ListAppsRequest';
import type { ScaleAppRequest as _marina_v1_ScaleAppRequest, ScaleAppRequest__Output as _marina_v1_ScaleAppRequest__Output } from '../../marina/v1/ScaleAppRequest';
import type { TasksReply as _marina_v1_TasksReply, TasksReply__Output as _marina_v1_TasksReply__Output } from '../../marina/v1/TasksReply';
import type { UpdateAppRequest as _marina_v1_UpdateAppRequest, UpdateAppRequest__Output as _marina_v1_UpdateAppRequest__Output } from '../../marina/v1/UpdateAppRequest';

export interface AppsClient extends grpc.Client {
  Create(argument: _marina_v1_CreateAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_CreateAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_CreateAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Create(argument: _marina_v1_CreateAppRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_CreateAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_CreateAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_CreateAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  create(argument: _marina_v1_CreateAppRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Delete(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  delete(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _marina_v1_GetAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_GetAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_GetAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _marina_v1_GetAppRequest, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  get(argument: _marina_v1_GetAppRequest, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  
  GetVersion(argument: _marina_v1_AppVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _marina_v1_AppVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _marina_v1_AppVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  GetVersion(argument: _marina_v1_AppVersionRequest, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_AppVersionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_AppVersionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_AppVersionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  getVersion(argument: _marina_v1_AppVersionRequest, callback: grpc.requestCallback<_marina_v1_AppReply__Output>): grpc.ClientUnaryCall;
  
  KillTasks(argument: _marina_v1_KillAppTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  KillTasks(argument: _marina_v1_KillAppTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  KillTasks(argument: _marina_v1_KillAppTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  KillTasks(argument: _marina_v1_KillAppTasksRequest, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  killTasks(argument: _marina_v1_KillAppTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  killTasks(argument: _marina_v1_KillAppTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  killTasks(argument: _marina_v1_KillAppTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  killTasks(argument: _marina_v1_KillAppTasksRequest, callback: grpc.requestCallback<_marina_v1_KillTasksReply__Output>): grpc.ClientUnaryCall;
  
  List(argument: _marina_v1_ListAppsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListAppsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListAppsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  List(argument: _marina_v1_ListAppsRequest, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAppsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAppsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAppsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  list(argument: _marina_v1_ListAppsRequest, callback: grpc.requestCallback<_marina_v1_ListAppsReply__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_TasksReply__Output>): grpc.ClientUnaryCall;
  
  ListVersions(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  ListVersions(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  listVersions(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_AppVersionsReply__Output>): grpc.ClientUnaryCall;
  
  Restart(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Restart(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Restart(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Restart(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _marina_v1_AppIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _marina_v1_AppIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  restart(argument: _marina_v1_AppIdRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  
  Scale(argument: _marina_v1_ScaleAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Scale(argument: _marina_v1_ScaleAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Scale(argument: _marina_v1_ScaleAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Scale(argument: _marina_v1_ScaleAppRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  scale(argument: _marina_v1_ScaleAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  scale(argument: _marina_v1_ScaleAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  scale(argument: _marina_v1_ScaleAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  scale(argument: _marina_v1_ScaleAppRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  
  Update(argument: _marina_v1_UpdateAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_UpdateAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_UpdateAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  Update(argument: _marina_v1_UpdateAppRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_UpdateAppRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_UpdateAppRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_UpdateAppRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  update(argument: _marina_v1_UpdateAppRequest, callback: grpc.requestCallback<_marina_v1_AppDeploymentReply__Output>): grpc.ClientUnaryCall;
  
}

export interface AppsHandlers extends grpc.UntypedServiceImplementation {
  Create: grpc.handleUnaryCall<_marina_v1_CreateAppRequest__Output, _marina_v1_AppDeploymentReply>;
  
  Delete: grpc.handleUnaryCall<_marina_v1_AppIdRequest__Output, _marina_v1_AppDeploymentReply>;
  
  Get: grpc.handleUnaryCall<_marina_v1_GetAppRequest__Output, _marina_v1_AppReply>;
  
  GetVersion: grpc.handleUnaryCall<_marina_v1_AppVersionRequest__Output, _marina_v1_AppReply>;
  
  KillTasks: grpc.handleUnaryCall<_marina_v1_KillAppTasksRequest__Output, _marina_v1_KillTasksReply>;
  
  List: grpc.handleUnaryCall<_marina_v1_ListAppsRequest__Output, _marina_v1_ListAppsReply>;
  
  ListTasks: grpc.handleUnaryCall<_marina_v1_AppIdRequest__Output, _marina_v1_TasksReply>;
  
  ListVersions: grpc.handleUnaryCall<_marina_v1_AppIdRequest__Output, _marina_v1_AppVersionsReply>;
  
  Restart: grpc.handleUnaryCall<_marina_v1_AppIdRequest__Output, _marina_v1_AppDeploymentReply>;
  
  Scale: grpc.handleUnaryCall<_marina_v1_ScaleAppRequest__Output, _marina_v1_AppDeploymentReply>;
  
  Update: grpc.handleUnaryCall<_marina_v1_UpdateAppRequest__Output, _marina_v1_AppDeploymentReply>;
  
}

export interface AppsDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_marina_v1_CreateAppRequest, _marina_v1_AppDeploymentReply, _marina_v1_CreateAppRequest__Output, _marina_v1_AppDeploymentReply__Output>
  Delete: MethodDefinition<_marina_v1_AppIdRequest, _marina_v1_AppDeploymentReply, _marina_v1_AppIdRequest__Output, _marina_v1_AppDeploymentReply__Output>
  Get: MethodDefinition<_marina_v1_GetAppRequest, _marina_v1_AppReply, _marina_v1_GetAppRequest__Output, _marina_v1_AppReply__Output>
  GetVersion: MethodDefinition<_marina_v1_AppVersionRequest, _marina_v1_AppReply, _marina_v1_AppVersionRequest__Output, _marina_v1_AppReply__Output>
  KillTasks: MethodDefinition<_marina_v1_KillAppTasksRequest, _marina_v1_KillTasksReply, _marina_v1_KillAppTasksRequest__Output, _marina_v1_KillTasksReply__Output>
  List: MethodDefinition<_marina_v1_ListAppsRequest, _marina_v1_ListAppsReply, _marina_v1_ListAppsRequest__Output, _marina_v1_ListAppsReply__Output>
  ListTasks: MethodDefinition<_marina_v1_AppIdRequest, _marina_v1_TasksReply, _marina_v1_AppIdRequest__Output, _marina_v1_TasksReply__Output>
  ListVersions: MethodDefinition<_marina_v1_AppIdRequest, _marina_v1_AppVersionsReply, _marina_v1_AppIdRequest__Output, _marina_v1_AppVersionsReply__Output>
  Restart: MethodDefinition<_marina_v1_AppIdRequest, _marina_v1_AppDeploymentReply, _marina_v1_AppIdRequest__Output, _marina_v1_AppDeploymentReply__Output>
  Scale: MethodDefinition<_marina_v1_ScaleAppRequest, _marina_v1_AppDeploymentReply, _marina_v1_ScaleAppRequest__Output, _marina_v1_AppDeploymentReply__Output>
  Update: MethodDefinition<_marina_v1_UpdateAppRequest, _marina_v1_AppDeploymentReply, _marina_v1_UpdateAppRequest__Output, _marina_v1_AppDeploymentReply__Output>
}
