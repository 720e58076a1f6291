/** Loads every network mode so each registers itself (flannel's backend init()). */
import './host/index';
import './none/index';
import './bridge/index';
import './virtual/index';
import './macvlan/index';
import './ptp/index';
import './container/index';

export { getMode, modeNames, resolveModeName } from './mode';
