/**
 * An HDR-style latency histogram: log-linear buckets (every power of two split into
 * SUB_BUCKETS linear steps), so any recorded value is kept to within 1/SUB_BUCKETS (≈0.8 %)
 * of itself from 1 µs to over an hour, in a fixed few kilobytes, with O(1) recording.
 * Values are microseconds (integers); quantiles come back in microseconds too.
 */
const SUB_BITS = 7;
/** 128 linear steps per power of two: ≤ 0.8 % relative error. */
const SUB_BUCKETS = 1 << SUB_BITS;
/** 2^32 µs ≈ 71 minutes: anything slower is clamped (and is a failed run anyway). */
const MAX_EXPONENT = 32;

export class Histogram {
  private counts = new Float64Array((MAX_EXPONENT + 2) * SUB_BUCKETS);
  count = 0;
  max = 0;
  min = Infinity;
  private sum = 0;

  record(micros: number) {
    const v = Math.max(0, Math.round(micros));
    this.counts[indexOf(v)]++;
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
    if (v < this.min) this.min = v;
  }

  /** the value at quantile q (0..1): the upper edge of the bucket holding it, never above max */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(upperEdge(i), this.max);
    }
    return this.max;
  }

  mean() {
    return this.count ? this.sum / this.count : 0;
  }

  merge(other: Histogram) {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
    this.min = Math.min(this.min, other.min);
  }

  /** milliseconds summary, for reports */
  summary() {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.count,
      p50: ms(this.quantile(0.5)),
      p95: ms(this.quantile(0.95)),
      p99: ms(this.quantile(0.99)),
      max: ms(this.max),
      mean: ms(this.mean()),
    };
  }
}

export type LatencySummary = ReturnType<Histogram["summary"]>;

/** bucket of v: exact below SUB_BUCKETS; above, SUB_BUCKETS linear steps per power of two */
function indexOf(v: number): number {
  if (v < SUB_BUCKETS) return v;
  const exp = Math.min(Math.floor(Math.log2(v)) - SUB_BITS, MAX_EXPONENT);
  const sub = Math.min(Math.floor(v / 2 ** exp), 2 * SUB_BUCKETS - 1) - SUB_BUCKETS;
  return (exp + 1) * SUB_BUCKETS + sub;
}

function upperEdge(i: number): number {
  if (i < SUB_BUCKETS) return i;
  const exp = Math.floor(i / SUB_BUCKETS) - 1;
  const sub = i % SUB_BUCKETS;
  return (SUB_BUCKETS + sub + 1) * 2 ** exp - 1;
}
