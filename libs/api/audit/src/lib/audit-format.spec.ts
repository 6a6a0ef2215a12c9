import type { AuditEntry } from '@hyperion/contracts';

import { csvField, csvHeader, csvRow } from './audit-csv';
import { decodeCursor, encodeCursor } from './audit-cursor';

describe('audit cursor', () => {
  it('round-trips and rejects anything else', () => {
    expect(decodeCursor(encodeCursor('42'))).toBe('42');
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('a:1; DROP TABLE audit_log').toString('base64url'))).toBeNull();
  });
});

describe('audit CSV', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField(null)).toBe('');
  });

  it('writes one line per entry under the header', () => {
    const entry: AuditEntry = {
      id: '7',
      organizationId: 'o1',
      occurredAt: '2026-11-21T06:00:00.000Z',
      actorType: 'user',
      actorId: 'u1',
      actorName: 'admin',
      action: 'login',
      target: 'user:u1',
      ip: '127.0.0.1',
      userAgent: 'Mozilla/5.0 (X11, Linux)',
      result: 'success',
      details: { method: 'password' },
      correlationId: 'c-1',
    };
    expect(csvHeader()).toBe(
      'id,occurred_at,actor_type,actor_id,actor_name,action,target,ip,user_agent,result,correlation_id,details,organization_id\r\n',
    );
    expect(csvRow(entry)).toBe(
      '7,2026-11-21T06:00:00.000Z,user,u1,admin,login,user:u1,127.0.0.1,"Mozilla/5.0 (X11, Linux)",success,c-1,"{""method"":""password""}",o1\r\n',
    );
  });
});
