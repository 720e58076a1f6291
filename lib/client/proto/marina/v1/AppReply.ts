// Original file: proto/marina/v1/marina.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';

export interface AppReply {
  'app'?: (_marina_v1_App | null);
}

export interface AppReply__Output {
  'app'?: (_marina_v1_App__Output);
}
