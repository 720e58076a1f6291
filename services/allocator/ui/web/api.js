// The map's API calls. Every call carries the tab's token (sessionStorage) as
// `Authorization: Bearer`; without one the browser sends Basic credentials it
// holds for this origin (and prompts for them on a 401 with a Basic challenge).
const TOKEN_KEY = 'marina.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra) {
  const h = { accept: 'application/json', ...extra };
  const t = token();
  if (t) h.authorization = `Bearer ${t}`;
  return h;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function answer(res) {
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, (body && body.message) || `HTTP ${res.status}`);
  return body;
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: headers() }));
}

export async function postJson(path, body) {
  return answer(await fetch(path, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) }));
}

/**
 * Follow /v2/events (SSE) with fetch, not EventSource, so the Bearer token
 * can be sent. Calls onEvent(type, data) per event; resolves when the
 * stream ends; rejects on HTTP errors or a broken stream.
 */
export async function followEvents(types, onEvent, signal) {
  const q = types.map((t) => `event_type=${encodeURIComponent(t)}`).join('&');
  const res = await fetch(`/v2/events?${q}`, { headers: headers({ accept: 'text/event-stream' }), signal });
  if (!res.ok || !res.body) await answer(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let type = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) continue;
      try {
        onEvent(type, JSON.parse(data.join('\n')));
      } catch (err) {
        console.warn('bad event', type, err);
      }
    }
  }
}
