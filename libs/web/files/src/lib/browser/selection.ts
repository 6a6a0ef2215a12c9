/**
 * Which entries of a listing are selected, by name, as a file manager does it: a click selects
 * one, Ctrl/Cmd-click toggles one, Shift-click selects the range from the last one clicked (the
 * anchor). Pure, so the rules are tested alone.
 */
export interface Selection {
  readonly names: ReadonlySet<string>;
  /** The last entry clicked without Shift: where a range starts. */
  readonly anchor: string | null;
}

export const EMPTY_SELECTION: Selection = { names: new Set(), anchor: null };

export interface ClickKeys {
  readonly shift: boolean;
  /** Ctrl or Cmd. */
  readonly toggle: boolean;
}

/** `order`: the names as shown (sorted); `name`: the one clicked. */
export function clickSelect(
  current: Selection,
  order: readonly string[],
  name: string,
  keys: ClickKeys,
): Selection {
  if (keys.shift && current.anchor !== null && order.includes(current.anchor)) {
    const from = order.indexOf(current.anchor);
    const to = order.indexOf(name);
    const range = order.slice(Math.min(from, to), Math.max(from, to) + 1);
    const names = keys.toggle ? new Set([...current.names, ...range]) : new Set(range);
    return { names, anchor: current.anchor };
  }
  if (keys.toggle) return toggleOne(current, name);
  return { names: new Set([name]), anchor: name };
}

/** A checkbox: toggles one (with Shift, adds the range from the anchor). */
export function checkboxSelect(
  current: Selection,
  order: readonly string[],
  name: string,
  shift: boolean,
): Selection {
  if (shift) return clickSelect(current, order, name, { shift: true, toggle: true });
  return toggleOne(current, name);
}

export function toggleOne(current: Selection, name: string): Selection {
  const names = new Set(current.names);
  if (names.has(name)) names.delete(name);
  else names.add(name);
  return { names, anchor: name };
}

export function selectAll(order: readonly string[]): Selection {
  return { names: new Set(order), anchor: order[0] ?? null };
}

/** Keeps only names still listed (after a refresh). */
export function keepListed(current: Selection, order: readonly string[]): Selection {
  const listed = new Set(order);
  const names = new Set([...current.names].filter((n) => listed.has(n)));
  if (
    names.size === current.names.size &&
    (current.anchor === null || listed.has(current.anchor))
  ) {
    return current;
  }
  return {
    names,
    anchor: current.anchor !== null && listed.has(current.anchor) ? current.anchor : null,
  };
}
