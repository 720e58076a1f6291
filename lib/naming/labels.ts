/**
 * DNS label sanitising, as Mesos-DNS does it (records/labels/labels.go):
 * lowercase A-Z, keep a-z 0-9, map '-' '.' '_' to '-', drop every other
 * character, then trim the left cutset, cut at the maximum length and trim
 * the right cutset, pulling characters from past the cut to refill what the
 * right trim removed (so "…d7fddg-123" cut at 24 keeps "…d7fddg1").
 */

/** A function turning any string into one DNS label ('' when nothing is left). */
export type LabelFunc = (name: string) => string;

function mapChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
  if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) return c;
  if (c === '-' || c === '.' || c === '_') return '-';
  return '';
}

function trimLeft(s: string, cutset: string): string {
  let i = 0;
  while (i < s.length && cutset.includes(s[i]!)) i++;
  return s.slice(i);
}

function trimRight(s: string, cutset: string): string {
  let j = s.length;
  while (j > 0 && cutset.includes(s[j - 1]!)) j--;
  return s.slice(0, j);
}

/**
 * Mesos-DNS trimCut: cut at maxLen with left/right cutsets trimmed, the
 * room freed by the right trim refilled from what follows the cut. Mesos-DNS
 * returns the refill as is, so it can end in '-' again (`…a--b-c` cut at
 * `--` gives `…ab-`), which is no valid label; that end is trimmed here: the
 * only case where a Marina label differs from Mesos-DNS's.
 */
function trimCut(label: string, maxLen: number, left: string, right: string): string {
  const trim = trimLeft(label, left);
  const size = Math.min(trim.length, maxLen);
  const head = trimRight(trim.slice(0, size), right);
  if (head.length === size) return head;
  const tail = trimLeft(trim.slice(size), right);
  if (tail.length > 0) return trimRight(head + tail.slice(0, Math.min(tail.length, size - head.length)), right);
  return head;
}

function mapAll(name: string): string {
  let out = '';
  for (const c of name) out += mapChar(c);
  return out;
}

/** RFC 1123 label (Mesos-DNS default): ≤ 63 chars, no leading/trailing '-'. */
export const rfc1123Label: LabelFunc = (name) => trimCut(mapAll(name), 63, '-', '-');

/** RFC 952 label (Mesos-DNS `EnforceRFC952`): ≤ 24 chars, starts with a letter. */
export const rfc952Label: LabelFunc = (name) => trimCut(mapAll(name), 24, '-0123456789', '-');

/**
 * Mesos-DNS DomainFrag: split on '.', sanitise each part with `label`, drop
 * empty parts, join with '.'. Keeps a dotted name dotted.
 */
export function domainFrag(name: string, label: LabelFunc = rfc1123Label): string {
  return name
    .split('.')
    .map(label)
    .filter((l) => l !== '')
    .join('.');
}

/**
 * dcos-net's label (mesos_state:label/1), used for `*.thisdcos.directory`:
 * leading characters other than [a-z0-9] are dropped, then '-' '.' '_' become
 * '-', other characters are dropped, at most 63 characters, trailing '-'
 * removed. Its state machine (start → middle → terminate) is kept as is.
 */
export function dcosLabel(name: string): string {
  let acc = '';
  let state: 'start' | 'middle' | 'terminate' = 'start';
  for (const raw of name) {
    const c = raw >= 'A' && raw <= 'Z' ? raw.toLowerCase() : raw;
    const allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (state === 'start') {
      if (!allowed) continue;
      state = 'middle';
    }
    if (state === 'middle' && acc.length > 62) {
      acc = trimRight(acc, '-');
      state = 'terminate';
    }
    if (state === 'middle' && (c === '-' || c === '_' || c === '.')) acc += '-';
    else if (state === 'terminate' && acc.length === 63) break;
    else if (allowed) acc += c;
  }
  return trimRight(acc, '-');
}

/** dcos-net domain_frag: split on '.', drop empty parts, dcosLabel each, join with '.'. */
export function dcosDomainFrag(name: string): string {
  return name
    .split('.')
    .filter((p) => p !== '')
    .map(dcosLabel)
    .join('.');
}
