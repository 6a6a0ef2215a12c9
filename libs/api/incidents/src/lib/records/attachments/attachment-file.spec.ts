import { contentDisposition, detectImageType, sanitizeFilename } from './attachment-file';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(
    values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))),
  );

describe('attachment files', () => {
  describe('detectImageType: from the bytes, never the name', () => {
    it.each([
      ['PNG', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 'rest'), 'image/png'],
      ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 'JFIF'), 'image/jpeg'],
      ['GIF87a', bytes('GIF87a', 1, 0), 'image/gif'],
      ['GIF89a', bytes('GIF89a', 1, 0), 'image/gif'],
      ['WebP', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ])('recognises %s', (_name, content, type) => {
      expect(detectImageType(content)).toBe(type);
    });

    it.each([
      ['text', bytes('hello, this is not an image')],
      ['an SVG (scriptable)', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
      ['a PDF', bytes('%PDF-1.7')],
      ['a WAV (RIFF but not WebP)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
      ['a truncated PNG signature', bytes(0x89, 'PNG')],
      ['nothing', bytes()],
    ])('refuses %s', (_name, content) => {
      expect(detectImageType(content)).toBeNull();
    });
  });

  describe('sanitizeFilename', () => {
    const png = (name: string, max = 200) => sanitizeFilename(name, 'image/png', max);

    it('keeps an ordinary name', () => {
      expect(png('Capture écran 2025-01-10.png')).toBe('Capture écran 2025-01-10.png');
    });

    it('drops folders, control and invisible characters, leading dots', () => {
      expect(png('../../etc/passwd.png')).toBe('passwd.png');
      expect(png('C:\\Users\\me\\shot.png')).toBe('shot.png');
      expect(png('.hidden.png')).toBe('hidden.png');
      expect(png('a\u0000b\r\nc\u202egnp.exe.png')).toBe('abcgnp.exe.png');
    });

    it('makes the extension match the detected type', () => {
      expect(sanitizeFilename('shot.png', 'image/jpeg', 200)).toBe('shot.jpg');
      expect(sanitizeFilename('shot.JPEG', 'image/jpeg', 200)).toBe('shot.jpeg');
      expect(png('report.pdf')).toBe('report.pdf.png');
      expect(png('no-extension')).toBe('no-extension.png');
    });

    it('never answers an empty name', () => {
      expect(png('')).toBe('screenshot.png');
      expect(png('...')).toBe('screenshot.png');
      expect(png('/')).toBe('screenshot.png');
    });

    it('cuts long names to the limit, keeping the extension', () => {
      const name = png(`${'é'.repeat(300)}.png`, 200);
      expect([...name]).toHaveLength(200);
      expect(name.endsWith('é.png')).toBe(true);
    });
  });

  describe('contentDisposition', () => {
    it('gives an ASCII fallback and the exact UTF-8 name', () => {
      expect(contentDisposition('inline', 'Capture écran.png')).toBe(
        `inline; filename="Capture _cran.png"; filename*=UTF-8''Capture%20%C3%A9cran.png`,
      );
    });

    it('cannot be broken out of by quotes, semicolons or backslashes', () => {
      const header = contentDisposition('attachment', 'a"; filename="evil.html\\.png');
      expect(header).toBe(
        `attachment; filename="a__ filename=_evil.html_.png"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.html%5C.png`,
      );
      expect(header.match(/"/g)).toHaveLength(2);
    });
  });
});
