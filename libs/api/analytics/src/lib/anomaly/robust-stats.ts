/** Small robust statistics for the anomaly detector: no allocation per call beyond a scratch copy. */

/** The median of `values[0..length)` (a copy is partially sorted; `values` is left as it is). */
export function median(values: ArrayLike<number>, length = values.length, scratch?: Float64Array) {
  if (length === 0) return Number.NaN;
  const a = scratch && scratch.length >= length ? scratch : new Float64Array(length);
  for (let i = 0; i < length; i++) a[i] = values[i] as number;
  const mid = length >> 1;
  const upper = select(a, length, mid);
  if (length % 2 === 1) return upper;
  // The largest value below `mid` is the lower middle, left of it after the selection.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}

/** Hoare's quickselect: the k-th smallest of a[0..length), in place, expected O(length). */
function select(a: Float64Array, length: number, k: number): number {
  let left = 0;
  let right = length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** erf(x), Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-ax * ax));
}

/** The x with erf(x) = y for y in (0, 1), by bisection (used once per detector). */
export function erfInverse(y: number): number {
  let low = 0;
  let high = 6;
  for (let i = 0; i < 80; i++) {
    const mid = (low + high) / 2;
    if (erf(mid) < y) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** A fixed-size window of the latest values (oldest overwritten). */
export class RingBuffer {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.filled;
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /** The stored values, in no particular order (enough for medians). */
  raw(): Float64Array {
    return this.values;
  }
}
