/**
 * Strong temporary passwords for "Reset password": random, from the browser's cryptographic
 * generator, easy to read aloud or type from a note (no 0/O, 1/l/I), in groups of five.
 */

/** Letters and digits nobody confuses, and a few symbols every keyboard has. */
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LOWER + UPPER + DIGITS;

/** Fills the array with random values (the browser's `crypto.getRandomValues`). */
export type RandomSource = (values: Uint32Array) => Uint32Array;

const browserRandom: RandomSource = (values) => crypto.getRandomValues(values);

/** A uniformly random index below `size` (rejection sampling: no modulo bias). */
export function randomIndex(size: number, random: RandomSource): number {
  const limit = Math.floor(0x1_0000_0000 / size) * size;
  const one = new Uint32Array(1);
  for (;;) {
    const [value] = random(one);
    if (value < limit) {
      return value % size;
    }
  }
}

/**
 * "Kx7pq-3mRtz-Hq9wn-4bVcs": four groups of five, each group with a capital and a digit
 * somewhere; about 110 bits of randomness, far beyond any strength check, and 23 characters
 * (within the contracts' 12..128).
 */
export function suggestPassword(random: RandomSource = browserRandom): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g += 1) {
    const chars = Array.from({ length: 5 }, () => ALPHABET[randomIndex(ALPHABET.length, random)]);
    // Every group holds an upper-case letter and a digit, at random places.
    const upperAt = randomIndex(5, random);
    let digitAt = randomIndex(4, random);
    if (digitAt >= upperAt) digitAt += 1;
    chars[upperAt] = UPPER[randomIndex(UPPER.length, random)];
    chars[digitAt] = DIGITS[randomIndex(DIGITS.length, random)];
    groups.push(chars.join(''));
  }
  return groups.join('-');
}
