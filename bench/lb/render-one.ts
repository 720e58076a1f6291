// Print the full nftables or iptables batch for N VIPs × B backends: node -r ./bench/_register.js bench/lb/render-one.ts nftables 1 1
import { renderFull as nft } from '../../services/lb/backends/nftables/render';
import { renderFull as ipt } from '../../services/lb/backends/iptables/render';
import { syntheticTable } from './synthetic';

const [mode = 'nftables', n = '1', b = '3'] = process.argv.slice(2);
const table = syntheticTable(Number(n), Number(b));
const opts = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false };
process.stdout.write(mode === 'iptables' ? ipt(table, 4, opts).text : nft(table, opts).batch);
