// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ProgrammingLatencyAck as _marina_v1_ProgrammingLatencyAck, ProgrammingLatencyAck__Output as _marina_v1_ProgrammingLatencyAck__Output } from '../../marina/v1/ProgrammingLatencyAck';
import type { ProgrammingLatencyReport as _marina_v1_ProgrammingLatencyReport, ProgrammingLatencyReport__Output as _marina_v1_ProgrammingLatencyReport__Output } from '../../marina/v1/ProgrammingLatencyReport';
import type { WatchMessage as _marina_v1_WatchMessage, WatchMessage__Output as _marina_v1_WatchMessage__Output } from '../../marina/v1/WatchMessage';
import type { WatchRequest as _marina_v1_WatchRequest, WatchRequest__Output as _marina_v1_WatchRequest__Output } from '../../marina/v1/WatchRequest';

export interface WatchClient extends grpc.Client {
  ReportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  ReportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  ReportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  ReportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  reportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  reportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  reportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, options: grpc.CallOptions, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  reportProgrammingLatency(argument: _marina_v1_ProgrammingLatencyReport, callback: grpc.requestCallback<_marina_v1_ProgrammingLatencyAck__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _marina_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  Watch(argument: _marina_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  watch(argument: _marina_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  watch(argument: _marina_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_WatchMessage__Output>;
  
}

export interface WatchHandlers extends grpc.UntypedServiceImplementation {
  ReportProgrammingLatency: grpc.handleUnaryCall<_marina_v1_ProgrammingLatencyReport__Output, _marina_v1_ProgrammingLatencyAck>;
  
  Watch: grpc.handleServerStreamingCall<_marina_v1_WatchRequest__Output, _marina_v1_WatchMessage>;
  
}

export interface WatchDefinition extends grpc.ServiceDefinition {
  ReportProgrammingLatency: MethodDefinition<_marina_v1_ProgrammingLatencyReport, _marina_v1_ProgrammingLatencyAck, _marina_v1_ProgrammingLatencyReport__Output, _marina_v1_ProgrammingLatencyAck__Output>
  Watch: MethodDefinition<_marina_v1_WatchRequest, _marina_v1_WatchMessage, _marina_v1_WatchRequest__Output, _marina_v1_WatchMessage__Output>
}
