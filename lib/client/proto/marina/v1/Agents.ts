// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentReply as _marina_v1_AgentReply, AgentReply__Output as _marina_v1_AgentReply__Output } from '../../marina/v1/AgentReply';
import type { JoinReply as _marina_v1_JoinReply, JoinReply__Output as _marina_v1_JoinReply__Output } from '../../marina/v1/JoinReply';
import type { JoinRequest as _marina_v1_JoinRequest, JoinRequest__Output as _marina_v1_JoinRequest__Output } from '../../marina/v1/JoinRequest';
import type { KeepAliveReply as _marina_v1_KeepAliveReply, KeepAliveReply__Output as _marina_v1_KeepAliveReply__Output } from '../../marina/v1/KeepAliveReply';
import type { KeepAliveRequest as _marina_v1_KeepAliveRequest, KeepAliveRequest__Output as _marina_v1_KeepAliveRequest__Output } from '../../marina/v1/KeepAliveRequest';
import type { PolicyStatusAck as _marina_v1_PolicyStatusAck, PolicyStatusAck__Output as _marina_v1_PolicyStatusAck__Output } from '../../marina/v1/PolicyStatusAck';
import type { PolicyStatusReport as _marina_v1_PolicyStatusReport, PolicyStatusReport__Output as _marina_v1_PolicyStatusReport__Output } from '../../marina/v1/PolicyStatusReport';
import type { RegisterAgentRequest as _marina_v1_RegisterAgentRequest, RegisterAgentRequest__Output as _marina_v1_RegisterAgentRequest__Output } from '../../marina/v1/RegisterAgentRequest';
import type { RenewRequest as _marina_v1_RenewRequest, RenewRequest__Output as _marina_v1_RenewRequest__Output } from '../../marina/v1/RenewRequest';
import type { TaskStatusReply as _marina_v1_TaskStatusReply, TaskStatusReply__Output as _marina_v1_TaskStatusReply__Output } from '../../marina/v1/TaskStatusReply';
import type { TaskStatusRequest as _marina_v1_TaskStatusRequest, TaskStatusRequest__Output as _marina_v1_TaskStatusRequest__Output } from '../../marina/v1/TaskStatusRequest';
import type { TraceCheckReply as _marina_v1_TraceCheckReply, TraceCheckReply__Output as _marina_v1_TraceCheckReply__Output } from '../../marina/v1/TraceCheckReply';
import type { TraceCheckRequest as _marina_v1_TraceCheckRequest, TraceCheckRequest__Output as _marina_v1_TraceCheckRequest__Output } from '../../marina/v1/TraceCheckRequest';

export interface AgentsClient extends grpc.Client {
  Join(argument: _marina_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  Join(argument: _marina_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  Join(argument: _marina_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  Join(argument: _marina_v1_JoinRequest, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  join(argument: _marina_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  join(argument: _marina_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  join(argument: _marina_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  join(argument: _marina_v1_JoinRequest, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  
  KeepAlive(argument: _marina_v1_KeepAliveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  KeepAlive(argument: _marina_v1_KeepAliveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  KeepAlive(argument: _marina_v1_KeepAliveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  KeepAlive(argument: _marina_v1_KeepAliveRequest, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  keepAlive(argument: _marina_v1_KeepAliveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  keepAlive(argument: _marina_v1_KeepAliveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  keepAlive(argument: _marina_v1_KeepAliveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  keepAlive(argument: _marina_v1_KeepAliveRequest, callback: grpc.requestCallback<_marina_v1_KeepAliveReply__Output>): grpc.ClientUnaryCall;
  
  Register(argument: _marina_v1_RegisterAgentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _marina_v1_RegisterAgentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _marina_v1_RegisterAgentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  Register(argument: _marina_v1_RegisterAgentRequest, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  register(argument: _marina_v1_RegisterAgentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  register(argument: _marina_v1_RegisterAgentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  register(argument: _marina_v1_RegisterAgentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  register(argument: _marina_v1_RegisterAgentRequest, callback: grpc.requestCallback<_marina_v1_AgentReply__Output>): grpc.ClientUnaryCall;
  
  Renew(argument: _marina_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  Renew(argument: _marina_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  Renew(argument: _marina_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  Renew(argument: _marina_v1_RenewRequest, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  renew(argument: _marina_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  renew(argument: _marina_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  renew(argument: _marina_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  renew(argument: _marina_v1_RenewRequest, callback: grpc.requestCallback<_marina_v1_JoinReply__Output>): grpc.ClientUnaryCall;
  
  ReportPolicyStatus(argument: _marina_v1_PolicyStatusReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  ReportPolicyStatus(argument: _marina_v1_PolicyStatusReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  ReportPolicyStatus(argument: _marina_v1_PolicyStatusReport, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  ReportPolicyStatus(argument: _marina_v1_PolicyStatusReport, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  reportPolicyStatus(argument: _marina_v1_PolicyStatusReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  reportPolicyStatus(argument: _marina_v1_PolicyStatusReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  reportPolicyStatus(argument: _marina_v1_PolicyStatusReport, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  reportPolicyStatus(argument: _marina_v1_PolicyStatusReport, callback: grpc.requestCallback<_marina_v1_PolicyStatusAck__Output>): grpc.ClientUnaryCall;
  
  ReportTaskStatus(argument: _marina_v1_TaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  ReportTaskStatus(argument: _marina_v1_TaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  ReportTaskStatus(argument: _marina_v1_TaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  ReportTaskStatus(argument: _marina_v1_TaskStatusRequest, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  reportTaskStatus(argument: _marina_v1_TaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  reportTaskStatus(argument: _marina_v1_TaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  reportTaskStatus(argument: _marina_v1_TaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  reportTaskStatus(argument: _marina_v1_TaskStatusRequest, callback: grpc.requestCallback<_marina_v1_TaskStatusReply__Output>): grpc.ClientUnaryCall;
  
  TraceChecks(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_marina_v1_TraceCheckReply, _marina_v1_TraceCheckRequest__Output>;
  TraceChecks(options?: grpc.CallOptions): grpc.ClientDuplexStream<_marina_v1_TraceCheckReply, _marina_v1_TraceCheckRequest__Output>;
  traceChecks(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_marina_v1_TraceCheckReply, _marina_v1_TraceCheckRequest__Output>;
  traceChecks(options?: grpc.CallOptions): grpc.ClientDuplexStream<_marina_v1_TraceCheckReply, _marina_v1_TraceCheckRequest__Output>;
  
}

export interface AgentsHandlers extends grpc.UntypedServiceImplementation {
  Join: grpc.handleUnaryCall<_marina_v1_JoinRequest__Output, _marina_v1_JoinReply>;
  
  KeepAlive: grpc.handleUnaryCall<_marina_v1_KeepAliveRequest__Output, _marina_v1_KeepAliveReply>;
  
  Register: grpc.handleUnaryCall<_marina_v1_RegisterAgentRequest__Output, _marina_v1_AgentReply>;
  
  Renew: grpc.handleUnaryCall<_marina_v1_RenewRequest__Output, _marina_v1_JoinReply>;
  
  ReportPolicyStatus: grpc.handleUnaryCall<_marina_v1_PolicyStatusReport__Output, _marina_v1_PolicyStatusAck>;
  
  ReportTaskStatus: grpc.handleUnaryCall<_marina_v1_TaskStatusRequest__Output, _marina_v1_TaskStatusReply>;
  
  TraceChecks: grpc.handleBidiStreamingCall<_marina_v1_TraceCheckReply__Output, _marina_v1_TraceCheckRequest>;
  
}

export interface AgentsDefinition extends grpc.ServiceDefinition {
  Join: MethodDefinition<_marina_v1_JoinRequest, _marina_v1_JoinReply, _marina_v1_JoinRequest__Output, _marina_v1_JoinReply__Output>
  KeepAlive: MethodDefinition<_marina_v1_KeepAliveRequest, _marina_v1_KeepAliveReply, _marina_v1_KeepAliveRequest__Output, _marina_v1_KeepAliveReply__Output>
  Register: MethodDefinition<_marina_v1_RegisterAgentRequest, _marina_v1_AgentReply, _marina_v1_RegisterAgentRequest__Output, _marina_v1_AgentReply__Output>
  Renew: MethodDefinition<_marina_v1_RenewRequest, _marina_v1_JoinReply, _marina_v1_RenewRequest__Output, _marina_v1_JoinReply__Output>
  ReportPolicyStatus: MethodDefinition<_marina_v1_PolicyStatusReport, _marina_v1_PolicyStatusAck, _marina_v1_PolicyStatusReport__Output, _marina_v1_PolicyStatusAck__Output>
  ReportTaskStatus: MethodDefinition<_marina_v1_TaskStatusRequest, _marina_v1_TaskStatusReply, _marina_v1_TaskStatusRequest__Output, _marina_v1_TaskStatusReply__Output>
  TraceChecks: MethodDefinition<_marina_v1_TraceCheckReply, _marina_v1_TraceCheckRequest, _marina_v1_TraceCheckReply__Output, _marina_v1_TraceCheckRequest__Output>
}
