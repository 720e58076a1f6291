/**
 * Numbers as Marathon's Scala/Java `toString` prints them in task env:
 * Double 1 → "1.0", 0.5 → "0.5", 1e7 → "1.0E7"; Int 2 → "2".
 */

/** Java Double.toString for finite values. */
export function javaDouble(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) return Number.isInteger(x) ? x.toFixed(1) : String(x);
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const m = mant.includes('.') ? mant : `${mant}.0`;
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}
