import { Injectable } from '@nestjs/common';

import { ExporterScrape, readNodeExporter } from './node-exporter-reading';

/** node_exporter answers 50–300 kB; anything far bigger is not one (or not one to trust). */
const BODY_MAX = 8 * 1024 * 1024;
const USER_AGENT = 'Hyperion-Host-Sampler/1.0';

/** A scrape that failed, with the reason shown on the host (`lastError`). */
export class ScrapeError extends Error {}

/**
 * Scrapes a node_exporter's `/metrics` over HTTP(S): redirects are not followed (a bearer token
 * must not travel to another address), the body is capped, the whole exchange bounded by
 * `timeoutMs`. Throws ScrapeError with a message fit for the host's last error.
 */
@Injectable()
export class NodeExporterCollector {
  async scrape(
    url: string,
    options: { token: string | null; timeoutMs: number; previous: unknown },
  ): Promise<ExporterScrape> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: {
          accept: 'text/plain;version=0.0.4',
          'user-agent': USER_AGENT,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      });
    } catch (error) {
      throw new ScrapeError(failure(error, options.timeoutMs));
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new ScrapeError(`${url} answered HTTP ${response.status}`);
    }
    let text: string;
    try {
      text = await readCapped(response);
    } catch (error) {
      throw new ScrapeError(failure(error, options.timeoutMs));
    }
    try {
      return readNodeExporter(text, options.previous, new Date());
    } catch (error) {
      throw new ScrapeError(error instanceof Error ? error.message : String(error));
    }
  }
}

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > BODY_MAX) {
      await reader.cancel();
      throw new Error(`the answer is over ${BODY_MAX / 1024 / 1024} MiB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A failure as the host shows it: the network's own words (refused, unknown host, timeout). */
function failure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}: ${cause.message ?? 'connection failed'}`;
  return error instanceof Error ? error.message : String(error);
}
