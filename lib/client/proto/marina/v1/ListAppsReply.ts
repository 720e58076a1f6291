// Original file: proto/marina/v1/marina.proto

import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from '../../marina/v1/App';

export interface ListAppsReply {
  'apps'?: (_marina_v1_App)[];
}

export interface ListAppsReply__Output {
  'apps'?: (_marina_v1_App__Output)[];
}
