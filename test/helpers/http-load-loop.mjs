// Bounded sequential HTTP load (issue 13: 0 failed requests through a VIP):
// one request at a time, each on a new connection (as a client that resolves
// the VIP and connects per request), until the stop file appears, or
// maxRequests, or maxSeconds. Every 250 ms and at the end it writes its
// totals as JSON to the status file: { ok, failed, errors: {code: n}, done }.
// Usage: node http-load-loop.mjs URL STATUS_FILE STOP_FILE [MAX_REQUESTS] [MAX_SECONDS]
import http from 'node:http';
import { existsSync, writeFileSync, renameSync } from 'node:fs';

const [url, statusFile, stopFile, maxRequestsArg = '50000', maxSecondsArg = '300'] = process.argv.slice(2);
const maxRequests = Number(maxRequestsArg);
const deadline = Date.now() + Number(maxSecondsArg) * 1000;
const stats = { ok: 0, failed: 0, errors: {}, firstFailureAt: null, lastFailureAt: null, done: false };

function once() {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode < 500 ? null : `HTTP_${res.statusCode}`));
      res.on('error', (err) => resolve(err.code ?? err.message));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err) => resolve(err.code ?? err.message));
  });
}

function flush() {
  writeFileSync(`${statusFile}.tmp`, JSON.stringify(stats));
  renameSync(`${statusFile}.tmp`, statusFile);
}

const timer = setInterval(flush, 250);
while (!existsSync(stopFile) && stats.ok + stats.failed < maxRequests && Date.now() < deadline) {
  const err = await once();
  if (err === null) stats.ok++;
  else {
    stats.failed++;
    stats.errors[err] = (stats.errors[err] ?? 0) + 1;
    stats.firstFailureAt ??= new Date().toISOString();
    stats.lastFailureAt = new Date().toISOString();
  }
}
clearInterval(timer);
stats.done = true;
flush();
