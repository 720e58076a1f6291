// Original file: proto/marina/v1/marina.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchRequest {
  /**
   * 0 = start with a snapshot; N = deliver changes from revision N on
   * (resume after the last revision seen + 1). If N is no longer held, the
   * stream starts with a snapshot whose resync flag is set.
   */
  'fromRevision'?: (number | string | Long);
  /**
   * Only this agent's tasks (apps, agents, networks and policies are always sent).
   */
  'agentId'?: (string);
}

export interface WatchRequest__Output {
  /**
   * 0 = start with a snapshot; N = deliver changes from revision N on
   * (resume after the last revision seen + 1). If N is no longer held, the
   * stream starts with a snapshot whose resync flag is set.
   */
  'fromRevision'?: (number);
  /**
   * Only this agent's tasks (apps, agents, networks and policies are always sent).
   */
  'agentId'?: (string);
}
