// Original file: proto/marina/v1/marathon.proto


export interface ShellCommand {
  'shell'?: (string);
}

export interface ShellCommand__Output {
  'shell'?: (string);
}
