import { aDetail } from '../testing/fixtures';
import {
  controlOfPath,
  createRequest,
  fieldsOf,
  messagesByControl,
  sheetFields,
  sheetForm,
  sheetPatch,
  stepGroup,
} from './sheet-model';

/** The paths of every null in `value`. */
function nullsIn(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => nullsIn(inner, `${path}.${key}`));
}

function stepGroupWith(action: string) {
  const step = stepGroup();
  step.controls.action.setValue(action);
  return step;
}

describe('the sheet model', () => {
  it('reads an incident back into the same fields, and a form left alone changes nothing', () => {
    const incident = aDetail({ reportedAt: '2026-12-07T03:12:05.123Z' });
    const form = sheetForm(incident, 'ada');
    const fields = sheetFields(form.getRawValue(), { id: 'u-me', username: 'ada' }, incident);
    expect(fields).toEqual(fieldsOf(incident));
    expect(sheetPatch(incident, fields)).toBeNull();
  });

  it('patches only the fields that changed, with the version read (people left to the roles panel)', () => {
    const incident = aDetail({ version: 7 });
    const form = sheetForm(incident, 'ada');
    form.controls.ipAddress.setValue('198.51.100.2');
    form.controls.assigneeId.setValue('u-bob');
    const fields = sheetFields(form.getRawValue(), null, incident);
    // The technical logs are given whole, their empty members left out (the API refuses null).
    expect(sheetPatch(incident, fields)).toEqual({
      technicalLogs: { ipAddress: '198.51.100.2' },
      version: 7,
    });
  });

  it('never sends null: a new sheet leaves its empty fields out', () => {
    const form = sheetForm(null, 'A customer');
    form.controls.title.setValue('Sign-in fails');
    form.controls.severity.setValue('high');
    form.controls.steps.push(stepGroupWith('Open /login'));
    const request = createRequest(sheetFields(form.getRawValue(), null, null));
    expect(nullsIn(request)).toEqual([]);
    expect(request).toMatchObject({
      title: 'Sign-in fails',
      severity: 'high',
      reportedBy: { kind: 'user', name: 'A customer' },
      reproductionSteps: [{ action: 'Open /login' }],
      environment: { versions: [] },
      technicalLogs: {},
    });
    expect(request).not.toHaveProperty('module');
    expect(request).not.toHaveProperty('errorType');
    expect(request.reportedBy).not.toHaveProperty('userId');
  });

  it('names the fields emptied in `clear` instead of sending null', () => {
    const incident = aDetail({ version: 3 });
    const form = sheetForm(incident, 'ada');
    form.controls.module.setValue('');
    form.controls.expectedBehaviour.setValue('  ');
    form.controls.os.setValue('');
    const patch = sheetPatch(incident, sheetFields(form.getRawValue(), null, incident));
    expect(nullsIn(patch)).toEqual([]);
    expect(patch).toEqual({
      clear: ['module', 'expectedBehaviour'],
      environment: { browser: 'Firefox', browserVersion: '133', versions: [] },
      version: 3,
    });
  });

  it('links the report to the account only when the name is the account’s', () => {
    const form = sheetForm(null, 'ada');
    form.controls.severity.setValue('low');
    const me = { id: 'u-me', username: 'ada' };
    expect(sheetFields(form.getRawValue(), me, null).reportedBy).toEqual({
      kind: 'user',
      userId: 'u-me',
      name: 'ada',
    });
    form.controls.reporterName.setValue('A customer');
    expect(sheetFields(form.getRawValue(), me, null).reportedBy.userId).toBeNull();
    form.controls.reporterKind.setValue('system');
    form.controls.reporterName.setValue('ada');
    expect(sheetFields(form.getRawValue(), me, null).reportedBy.userId).toBeNull();
  });

  it('puts each API message beside the field it names', () => {
    expect(controlOfPath('technicalLogs.timestamp')).toBe('logTimestamp');
    expect(controlOfPath('environment.versions[2].name')).toBe('versions');
    expect(controlOfPath('reproductionSteps[0].action')).toBe('steps');
    expect(controlOfPath('reportedBy.name')).toBe('reporterName');
    expect(
      messagesByControl([
        'title: 1 to 200 characters',
        'technicalLogs.ipAddress must be an IP address',
        'Something else went wrong',
      ]),
    ).toEqual([
      { control: 'title', text: '1 to 200 characters' },
      { control: 'ipAddress', text: 'technicalLogs.ipAddress must be an IP address' },
      { control: null, text: 'Something else went wrong' },
    ]);
  });
});
