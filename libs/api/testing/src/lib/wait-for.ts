/** A value `waitFor` accepts as "done": anything but false, null, undefined, 0 or ''. */
export type Done<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Asks `check` every `everyMs` (50 ms) until it answers something truthy, and returns that; fails
 * naming `what` after `ms` (20 s by default): every wait of a test is bounded in count and time.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  ms = 20_000,
  everyMs = 50,
): Promise<Done<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as Done<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
