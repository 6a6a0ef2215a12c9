import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { NOTIFICATION_CHANNEL_RULES } from '@hyperion/contracts';

import { AddressRefused, assertPublicUrl, checkedLookup } from '../address-guard';
import type { ProviderReceipt, SendOutcome } from './transport';

/** How much of a peer's answer is read (for the receipt's error text); the rest is dropped. */
const MAX_RESPONSE_BYTES = 16 * 1024;

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowedHosts: readonly string[];
  timeoutMs: number;
  signal: AbortSignal;
  /** The receipt's provider name. */
  provider: string;
  /**
   * For APIs that answer 200 to a refusal (Slack's `{ ok: false }`): judges a 2xx answer's
   * body; null keeps it delivered.
   */
  judge?: (text: string) => { error: string; retryable: boolean } | null;
}

/** 2xx delivers; network errors, timeouts, 408, 429 and 5xx may succeed on a later attempt. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Cuts a text to at most `max` bytes of UTF-8 without splitting a character. */
export function cutBytes(text: string, max: number = NOTIFICATION_CHANNEL_RULES.bodyMaxBytes) {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = Buffer.from(text)
    .subarray(0, max - 3)
    .toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * One POST to a checked address: the host is resolved and checked (address-guard) right before
 * the call, and the connection goes to that very address (no second resolution, so DNS
 * rebinding cannot redirect it). Never throws: the outcome says what happened.
 */
export async function postOnce(
  p: HttpPost,
): Promise<{ receipt: ProviderReceipt; retryable: boolean }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let checked;
  try {
    checked = await assertPublicUrl(p.url, p.allowedHosts);
  } catch (error) {
    const refused = error instanceof AddressRefused;
    return {
      receipt: {
        provider: p.provider,
        ok: false,
        latencyMs: elapsed(),
        error: (error as Error).message,
      },
      retryable: !refused,
    };
  }
  const body = Buffer.from(p.body);
  const signal = AbortSignal.any([p.signal, AbortSignal.timeout(p.timeoutMs)]);
  const send = checked.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (
      receipt: Omit<ProviderReceipt, 'provider' | 'latencyMs'>,
      retryable: boolean,
    ) => {
      if (settled) return;
      settled = true;
      resolve({ receipt: { provider: p.provider, latencyMs: elapsed(), ...receipt }, retryable });
    };
    const req = send(
      checked.url,
      {
        method: 'POST',
        headers: { ...p.headers, 'content-length': String(body.length) },
        lookup: checkedLookup(checked),
        signal,
        servername: checked.host,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size += chunk.length;
        });
        res.on('error', (error) => finish({ ok: false, error: error.message }, true));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          const text = Buffer.concat(chunks).toString('utf8').trim().slice(0, 500);
          const refusal = ok && p.judge ? p.judge(text) : null;
          if (refusal) {
            finish({ ok: false, httpStatus: status, error: refusal.error }, refusal.retryable);
            return;
          }
          finish(
            ok
              ? { ok, httpStatus: status }
              : { ok, httpStatus: status, error: `HTTP ${status}${text ? `: ${text}` : ''}` },
            !ok && retryableStatus(status),
          );
        });
      },
    );
    req.on('error', (error) => {
      const timedOut = signal.aborted && !p.signal.aborted;
      finish(
        { ok: false, error: timedOut ? `no answer within ${p.timeoutMs} ms` : error.message },
        true,
      );
    });
    req.end(body);
  });
}

/** The outcome of a single-provider send. */
export function outcomeOf(result: { receipt: ProviderReceipt; retryable: boolean }): SendOutcome {
  return {
    ok: result.receipt.ok,
    retryable: !result.receipt.ok && result.retryable,
    receipts: [result.receipt],
  };
}

/** A failure before anything was sent (bad settings): not retried. */
export function refused(provider: string, error: string): SendOutcome {
  return { ok: false, retryable: false, receipts: [{ provider, ok: false, latencyMs: 0, error }] };
}
