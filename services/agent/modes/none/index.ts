/** none: a netns with loopback only (CNI loopback plugin). */
import { cniMode } from '../cni-mode';
import { registerMode } from '../mode';

registerMode(
  cniMode('none', () => ({
    conflist: { cniVersion: '1.0.0', name: 'marina-none', plugins: [{ type: 'loopback' }] },
  })),
);
