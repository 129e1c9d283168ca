/**
 * fast-check as the tests use it: the same cases on every run by
 * default, so CI is repeatable, and any seed on demand to explore:
 * `FAST_CHECK_SEED=random npm test`, or a seed a failure printed.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261203;
const wanted = process.env.FAST_CHECK_SEED;

if (wanted !== 'random') {
  const seed = wanted === undefined ? DEFAULT_SEED : Number(wanted);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`FAST_CHECK_SEED must be an integer or "random"`);
  }
  fc.configureGlobal({ seed });
}

export default fc;
