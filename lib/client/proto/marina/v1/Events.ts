// Original file: proto/marina/v1/marina.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Event as _marina_v1_Event, Event__Output as _marina_v1_Event__Output } from '../../marina/v1/Event';
import type { EventsRequest as _marina_v1_EventsRequest, EventsRequest__Output as _marina_v1_EventsRequest__Output } from '../../marina/v1/EventsRequest';

export interface EventsClient extends grpc.Client {
  /**
   * event_stream_attached first, then the events of /v2/events as they happen.
   */
  Stream(argument: _marina_v1_EventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_Event__Output>;
  Stream(argument: _marina_v1_EventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_Event__Output>;
  /**
   * event_stream_attached first, then the events of /v2/events as they happen.
   */
  stream(argument: _marina_v1_EventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_Event__Output>;
  stream(argument: _marina_v1_EventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_marina_v1_Event__Output>;
  
}

export interface EventsHandlers extends grpc.UntypedServiceImplementation {
  /**
   * event_stream_attached first, then the events of /v2/events as they happen.
   */
  Stream: grpc.handleServerStreamingCall<_marina_v1_EventsRequest__Output, _marina_v1_Event>;
  
}

export interface EventsDefinition extends grpc.ServiceDefinition {
  Stream: MethodDefinition<_marina_v1_EventsRequest, _marina_v1_Event, _marina_v1_EventsRequest__Output, _marina_v1_Event__Output>
}
