import { humanizeApiMessage, humanizeOne } from './human-message';

describe('humanizeOne', () => {
  it('names a nested field by its path in words, acronyms in capitals', () => {
    expect(humanizeOne('technicalLogs.ipAddress: must be an IP address')).toBe(
      'Technical logs › IP address: must be an IP address',
    );
    expect(humanizeOne('technicalLogs.auditLogId: the id of an audit entry (digits)')).toBe(
      'Technical logs › Audit log ID: the id of an audit entry (digits)',
    );
    expect(humanizeOne('contacts.critical.channelKinds: distinct channel kinds among email')).toBe(
      'Contacts › Critical › Channel kinds: distinct channel kinds among email',
    );
  });

  it('numbers an item of a list from 1, and leaves out "any item"', () => {
    expect(humanizeOne('reproductionSteps.1.action: 1 to 2000 characters')).toBe(
      'Reproduction steps #2 › Action: 1 to 2000 characters',
    );
    expect(humanizeOne('reproductionSteps[0].parameters must not be null')).toBe(
      'Reproduction steps #1 › Parameters must not be null',
    );
    expect(
      humanizeOne('reproductionSteps.*: each of the steps { action, endpoint } must be an object'),
    ).toBe('Reproduction steps: each of the steps { action, endpoint } must be an object');
  });

  it('says where an unexpected nested field was sent', () => {
    expect(humanizeOne('analysis.property rootCause should not exist')).toBe(
      'Analysis › "rootCause" is not something this form can send',
    );
  });

  it('keeps the plain forms as they were', () => {
    expect(humanizeOne('displayName: 1 to 200 characters')).toBe('1 to 200 characters');
    expect(humanizeOne('title: 1 to 200 characters')).toBe('Title: 1 to 200 characters');
    expect(humanizeOne('currentPassword is not correct')).toBe(
      'Your current password is not correct',
    );
    expect(humanizeOne('auditLogId is required')).toBe('The audit log ID is required');
    expect(humanizeOne('from: e.g. 2026-03-01T09:30:00Z')).toBe('E.g. 2026-03-01T09:30:00Z');
    expect(humanizeOne('Version 1.4.0 is not supported')).toBe('Version 1.4.0 is not supported');
  });

  it('makes sentences of several nested messages', () => {
    expect(
      humanizeApiMessage([
        'technicalLogs.ipAddress: an IPv4 or IPv6 address',
        'environment.versions.0.version: 1 to 200 characters',
      ]),
    ).toBe(
      'Technical logs › IP address: an IPv4 or IPv6 address. Environment › Versions #1 › Version: 1 to 200 characters.',
    );
  });
});
