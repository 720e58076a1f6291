/**
 * The probe, run by `node -e` inside FROM's netns (a short-lived child: the
 * agent never enters a namespace itself). TCP: connect with a timeout. UDP:
 * a connected socket sends one datagram; a reply, an ICMP refusal or
 * silence (a UDP service need not answer) ends it. Prints one JSON line
 * (lib/trace/types.ts ProbeResult); parameters come in MARINA_TRACE_* env,
 * the source port fixed so nftrace.ts can mark exactly this probe's packets.
 * It starts while the trace is being set up and sends nothing until a line
 * on stdin says go (the process start is off the trace's critical path).
 */
export const PROBE_SCRIPT = `
const net = require('node:net'), dgram = require('node:dgram');
const e = process.env, ip = e.MARINA_TRACE_IP, port = Number(e.MARINA_TRACE_PORT), t = Number(e.MARINA_TRACE_TIMEOUT), sport = Number(e.MARINA_TRACE_SPORT) || 0;
let started = false;
process.stdin.once('data', () => { started = true; probe(); });
process.stdin.once('end', () => { if (!started) process.exit(3); });
function probe() {
const t0 = Date.now();
const done = (o) => { process.stdout.write(JSON.stringify({ ...o, ms: Date.now() - t0 })); process.exit(0); };
const why = (err) => err.code === 'ECONNREFUSED' ? 'refused' : err.code === 'ECONNRESET' ? 'reset' : err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' ? 'unreachable' : 'error';
if (e.MARINA_TRACE_PROTO === 'udp') {
  const s = dgram.createSocket(ip.includes(':') ? 'udp6' : 'udp4');
  s.on('error', (err) => done({ ok: false, outcome: why(err), error: err.message }));
  s.bind(sport, () => s.connect(port, ip, () => {
    const localPort = s.address().port;
    s.on('message', () => done({ ok: true, outcome: 'reply', localPort }));
    s.send('marina-trace\\n');
    setTimeout(() => done({ ok: true, outcome: 'sent, no reply and no refusal (UDP)', localPort }), t);
  }));
} else {
  const s = net.connect({ host: ip, port, localPort: sport || undefined });
  s.setTimeout(t, () => done({ ok: false, outcome: 'timeout' }));
  s.on('connect', () => { const localPort = s.localPort; s.end(); done({ ok: true, outcome: 'connected', localPort }); });
  s.on('error', (err) => done({ ok: false, outcome: why(err), error: err.message }));
}
}
`;
