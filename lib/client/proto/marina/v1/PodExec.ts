// Original file: proto/marina/v1/marathon.proto

import type { ShellCommand as _marina_v1_ShellCommand, ShellCommand__Output as _marina_v1_ShellCommand__Output } from '../../marina/v1/ShellCommand';

export interface PodExec {
  'command'?: (_marina_v1_ShellCommand | null);
}

export interface PodExec__Output {
  'command'?: (_marina_v1_ShellCommand__Output);
}
