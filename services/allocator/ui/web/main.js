// The map's entry: load /v1/map, follow /v2/events, render changes once per
// animation frame. Events that change the shape of the cluster (apps,
// deployments) and every 30 s bring a fresh snapshot, at most one a second.
import { ApiError, followEvents, getJson, setToken, token } from './api.js';
import { AppsView } from './apps.js';
import { TaskDetail } from './detail.js';
import { renderHosts, renderNetworks, renderVips } from './hosts.js';
import { ClusterModel } from './model.js';
import { renderProgramming } from './programming.js';

const EVENTS = ['status_update_event', 'health_status_changed_event', 'api_post_event', 'app_terminated_event', 'deployment_success', 'deployment_failed', 'deployment_step_success'];
const SHAPE_EVENTS = new Set(['api_post_event', 'app_terminated_event', 'deployment_success', 'deployment_failed', 'deployment_step_success']);
const $ = (id) => document.getElementById(id);
const tokenInput = /** @type {HTMLInputElement} */ ($('token'));

const model = new ClusterModel();
const detail = new TaskDetail($('detail'));
const apps = new AppsView($('apps'), (id, opener) => detail.open(id, opener));
let frame = 0;
let refreshTimer = 0;
let lastRefresh = 0;
let stream = null;

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

function conn(state, text) {
  $('conn').dataset.state = state;
  $('conn').textContent = text;
}

function draw() {
  frame = 0;
  if (model.dirtyApps) {
    model.dirtyApps = false;
    apps.renderApps(model);
  }
  if (model.dirtyHosts) {
    model.dirtyHosts = false;
    renderHosts(model, $('fabric'), $('hosts'), filterTo);
    renderNetworks(model, $('networks'));
  }
  if (model.dirtyVips) {
    model.dirtyVips = false;
    renderVips(model, $('vips'));
  }
  if (model.dirtyTasks.size) {
    const ids = model.dirtyTasks;
    model.dirtyTasks = new Set();
    apps.renderTasks(model, ids);
  }
  $('summary').textContent = `${model.agents.size} hosts · ${model.apps.size} apps · ${model.tasks.size} tasks · ${model.vips.length} VIPs · revision ${model.revision}`;
  document.body.dataset.revision = String(model.revision);
  // what bench/ui measures first render by
  if (model.tasks.size && performance.getEntriesByName('map-rendered').length === 0) performance.mark('map-rendered');
}

function schedule() {
  if (!frame) frame = requestAnimationFrame(draw);
}

/**
 * Events that arrive while a snapshot is on its way are kept and applied
 * again after it: the snapshot may have been taken before them, and each
 * event sets a state, so replaying one the snapshot already holds is harmless.
 */
let inFlight = null;

function apply(type, ev) {
  if (type === 'status_update_event') {
    if (model.onStatus(ev)) refreshSoon();
  } else if (type === 'health_status_changed_event') model.onHealth(ev);
  else if (SHAPE_EVENTS.has(type)) {
    if (type === 'api_post_event') model.onAppPosted(ev);
    refreshSoon();
  }
}

async function refresh() {
  refreshTimer = 0;
  lastRefresh = Date.now();
  const during = (inFlight = []);
  try {
    const snap = await getJson('/v1/map');
    inFlight = null;
    model.load(snap);
    for (const [type, ev] of during) apply(type, ev);
    notice('');
    schedule();
    return true;
  } catch (err) {
    inFlight = null;
    if (err instanceof ApiError && err.status === 401) notice('This cluster needs credentials: enter an API token above (marina up writes an admin one to ~/.marina/client.json), or sign in when the browser asks.');
    else if (err instanceof ApiError && err.status === 403) notice(`Not allowed: ${err.message}`);
    else notice(`Could not load the cluster: ${err.message}`);
    return false;
  }
}

/** A snapshot soon, at most one a second. */
function refreshSoon() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(refresh, Math.max(0, 1000 - (Date.now() - lastRefresh)));
}

function onEvent(type, ev) {
  if (inFlight) inFlight.push([type, ev]);
  apply(type, ev);
  schedule();
}

/** Follow the stream for ever: reconnect with backoff, and take a snapshot after each (re)connect. */
async function follow() {
  let wait = 500;
  for (;;) {
    stream = new AbortController();
    conn('connecting', 'connecting');
    if (await refresh()) {
      try {
        const live = followEvents(EVENTS, onEvent, stream.signal);
        conn('live', 'live');
        wait = 500;
        await live;
      } catch (err) {
        if (err.name === 'AbortError') continue;
        if (err instanceof ApiError && err.status === 401) notice('The event stream needs credentials: enter an API token above.');
      }
    }
    conn('down', `reconnecting in ${Math.round(wait / 1000)} s`);
    const signal = stream.signal;
    await new Promise((r) => {
      const t = setTimeout(r, wait);
      signal.addEventListener('abort', () => (clearTimeout(t), r()));
    });
    wait = Math.min(wait * 2, 15000);
  }
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken(tokenInput.value.trim());
  tokenInput.value = '';
  tokenInput.placeholder = 'a token is set for this tab';
  if (stream) stream.abort();
});
$('token-clear').addEventListener('click', () => {
  setToken('');
  if (stream) stream.abort();
});
tokenInput.placeholder = token() ? 'a token is set for this tab' : 'Bearer token (kept in this tab only)';
const filterInput = /** @type {HTMLInputElement} */ ($('filter'));
filterInput.addEventListener('input', () => apps.setFilter(filterInput.value, model));

/** A host chosen in the hosts list: show its tasks' apps (the filter box says so and clears it). */
function filterTo(hostname) {
  filterInput.value = hostname;
  apps.setFilter(hostname, model);
  filterInput.focus();
}
/** The programming-latency panel: components report every few seconds, so it is polled, not streamed. */
async function loadProgramming() {
  try {
    renderProgramming((await getJson('/v1/programming-latency')).components, $('programming'));
  } catch (err) {
    $('programming').replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: `unavailable: ${err.message}` }));
  }
}

setInterval(refreshSoon, 30000);
setInterval(loadProgramming, 5000);
loadProgramming();
follow();
