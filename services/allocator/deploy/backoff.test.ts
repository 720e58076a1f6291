import type { AppDefinition } from '../../../lib/model/app';
import { launchDelayMs } from './backoff';

test('the delay grows by backoffFactor per failure and stops at maxLaunchDelaySeconds', () => {
  const app = { backoffSeconds: 1, backoffFactor: 2, maxLaunchDelaySeconds: 5 } as AppDefinition;
  expect([1, 2, 3, 4, 5].map((n) => launchDelayMs(app, n))).toEqual([1000, 2000, 4000, 5000, 5000]);
  const marathon = { backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 3600 } as AppDefinition;
  expect(launchDelayMs(marathon, 3)).toBe(1322);
  expect(launchDelayMs({ ...marathon, backoffSeconds: 0 }, 9)).toBe(0);
});
