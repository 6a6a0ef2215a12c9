import type {
  TerminalAttachRequest,
  TerminalOpenRequest,
  TerminalPromptAnswer,
  TerminalResize,
} from '@hyperion/contracts';
import { SSH_TERMINAL_RULES as R } from '@hyperion/contracts';

/**
 * Checks of the terminal events' payloads, which come from the client as anything at all: each
 * answers the request or the message of a 400 naming the field. Pure, no framework.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const bad = <T>(error: string): Checked<T> => ({ ok: false, error });

function objectOf(payload: unknown): Record<string, unknown> | null {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : null;
}

function uuidField(o: Record<string, unknown>, name: string): string | null {
  const value = o[name];
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

function sizeError(o: Record<string, unknown>): string | null {
  const { cols, rows } = o;
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < R.colsMin || cols > R.colsMax) {
    return `cols: a whole number from ${R.colsMin} to ${R.colsMax}`;
  }
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < R.rowsMin || rows > R.rowsMax) {
    return `rows: a whole number from ${R.rowsMin} to ${R.rowsMax}`;
  }
  return null;
}

const NOT_OBJECT = "request: an object with the event's fields";

export function checkOpen(payload: unknown): Checked<TerminalOpenRequest> {
  const o = objectOf(payload);
  if (!o) return bad(NOT_OBJECT);
  const hostId = uuidField(o, 'hostId');
  if (!hostId) return bad('hostId: the id of a SSH host');
  const size = sizeError(o);
  if (size) return bad(size);
  return { ok: true, value: { hostId, cols: o['cols'] as number, rows: o['rows'] as number } };
}

export function checkSessionRef(payload: unknown): Checked<TerminalAttachRequest> {
  const o = objectOf(payload);
  if (!o) return bad(NOT_OBJECT);
  const sessionId = uuidField(o, 'sessionId');
  if (!sessionId) return bad('sessionId: the id of a terminal session');
  return { ok: true, value: { sessionId } };
}

export function checkResize(payload: unknown): Checked<TerminalResize> {
  const ref = checkSessionRef(payload);
  if (!ref.ok) return ref;
  const o = payload as Record<string, unknown>;
  const size = sizeError(o);
  if (size) return bad(size);
  return {
    ok: true,
    value: { sessionId: ref.value.sessionId, cols: o['cols'] as number, rows: o['rows'] as number },
  };
}

/** Input as bytes: a string (UTF-8), a Buffer, an ArrayBuffer or a typed array, at most inputMaxBytes. */
export function checkInput(payload: unknown): Checked<{ sessionId: string; data: Buffer }> {
  const ref = checkSessionRef(payload);
  if (!ref.ok) return ref;
  const raw = (payload as Record<string, unknown>)['data'];
  let data: Buffer | null = null;
  if (typeof raw === 'string') data = Buffer.from(raw, 'utf8');
  else if (Buffer.isBuffer(raw)) data = raw;
  else if (raw instanceof ArrayBuffer) data = Buffer.from(raw);
  else if (ArrayBuffer.isView(raw)) data = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!data) return bad('data: keystrokes as a string or bytes');
  if (data.length > R.inputMaxBytes) {
    return bad(`data: at most ${R.inputMaxBytes} bytes in one frame (this one has ${data.length})`);
  }
  return { ok: true, value: { sessionId: ref.value.sessionId, data } };
}

const ANSWERS_MAX = 32;
const ANSWER_MAX_LENGTH = 1024;

export function checkPromptAnswer(payload: unknown): Checked<TerminalPromptAnswer> {
  const ref = checkSessionRef(payload);
  if (!ref.ok) return ref;
  const answers = (payload as Record<string, unknown>)['answers'];
  if (
    !Array.isArray(answers) ||
    answers.length > ANSWERS_MAX ||
    !answers.every((a) => typeof a === 'string' && a.length <= ANSWER_MAX_LENGTH)
  ) {
    return bad(
      `answers: a list of at most ${ANSWERS_MAX} strings of at most ${ANSWER_MAX_LENGTH} characters`,
    );
  }
  return { ok: true, value: { sessionId: ref.value.sessionId, answers: answers as string[] } };
}
