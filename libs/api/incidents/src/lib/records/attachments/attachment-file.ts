/**
 * What an uploaded screenshot is, judged from its bytes only (never from its name or the type
 * the client declared), and the name it is kept and served under.
 */

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const EXTENSIONS: Readonly<Record<ImageType, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
};

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image type of `bytes` from its signature (PNG, JPEG, GIF, WebP), or null. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

// Control characters, and the invisible ones that make a name read differently than it is
// (bidirectional overrides and isolates, zero-width characters, the BOM).
// eslint-disable-next-line no-control-regex -- removing them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The name an attachment is kept under: the last part of what the client sent (no folders), in
 * NFC, without control or invisible characters, at most `maxLength` characters, ending with an
 * extension of the detected type ("shot.png" holding a JPEG becomes "shot.jpg"; a name without
 * one gets it). Never empty.
 */
export function sanitizeFilename(original: string, type: ImageType, maxLength: number): string {
  const name = (original.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(UNSAFE, '')
    .replace(/\s+/g, ' ')
    // No hidden files, no trailing dots or spaces (Windows drops them).
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const isImageExtension = Object.values(EXTENSIONS).some((list) => list.includes(extension));
  const suffix = `.${EXTENSIONS[type].includes(extension) ? extension : EXTENSIONS[type][0]}`;
  const trim = (s: string) => s.replace(/[.\s]+$/g, '');
  // "report.pdf" holding a PNG keeps its whole name: "report.pdf.png".
  let stem = trim(isImageExtension ? name.slice(0, dot) : name);
  const chars = [...stem];
  if (chars.length + suffix.length > maxLength) {
    stem = trim(chars.slice(0, maxLength - suffix.length).join(''));
  }
  return `${stem === '' ? 'screenshot' : stem}${suffix}`;
}

/**
 * `Content-Disposition` for `filename` (RFC 6266): an ASCII fallback (quotes, backslashes and
 * anything outside printable ASCII replaced by `_`) and the exact name as UTF-8 (RFC 8187), so
 * no name can break out of the header or inject another parameter.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
