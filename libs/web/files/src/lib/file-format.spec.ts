import { checkboxSelect, clickSelect, EMPTY_SELECTION, keepListed } from './browser/selection';
import {
  breadcrumbs,
  looksLikeText,
  modeText,
  nameProblem,
  normalizePath,
  sizeText,
} from './file-format';

describe('file-format', () => {
  it('reads sizes, modes and paths as a person would', () => {
    expect(sizeText(812)).toBe('812 B');
    expect(sizeText(1536)).toBe('1.5 KiB');
    expect(sizeText(50 * 1024 * 1024)).toBe('50 MiB');
    expect(modeText('0754')).toBe('rwxr-xr--');
    expect(normalizePath('/logs//app/')).toBe('logs/app');
    expect(breadcrumbs('srv', 'a/b')).toEqual([
      { label: 'srv', path: '' },
      { label: 'a', path: 'a' },
      { label: 'b', path: 'a/b' },
    ]);
  });

  it('tells text from binary by the bytes', () => {
    const utf8 = new TextEncoder().encode('héllo\tworld\r\n');
    expect(looksLikeText(utf8)).toBe(true);
    expect(looksLikeText(new Uint8Array([0x68, 0x00, 0x69]))).toBe(false);
    expect(looksLikeText(new Uint8Array([0xff, 0xfe, 0x41]))).toBe(false);
  });

  it('refuses names that are paths or special', () => {
    expect(nameProblem('a/b')).toBe('A name, not a path: no "/".');
    expect(nameProblem('..')).toBe('Not "." or "..".');
    expect(nameProblem(' x')).toBe('No spaces at the start or the end.');
    expect(nameProblem('ok.txt')).toBeNull();
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd'];

  it('selects a range with Shift from the last click, in either direction', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'c', { shift: false, toggle: false });
    s = clickSelect(s, order, 'a', { shift: true, toggle: false });
    expect([...s.names]).toEqual(['a', 'b', 'c']);
    s = clickSelect(s, order, 'd', { shift: true, toggle: false });
    expect([...s.names]).toEqual(['c', 'd']);
  });

  it('toggles with Ctrl and the checkbox, and forgets what is no longer listed', () => {
    let s = clickSelect(EMPTY_SELECTION, order, 'a', { shift: false, toggle: true });
    s = checkboxSelect(s, order, 'c', false);
    s = checkboxSelect(s, order, 'a', false);
    expect([...s.names]).toEqual(['c']);
    expect([...keepListed(s, ['a', 'b']).names]).toEqual([]);
  });
});
