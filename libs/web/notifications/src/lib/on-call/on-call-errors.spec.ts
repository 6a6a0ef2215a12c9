import { HttpErrorResponse } from '@angular/common/http';

import { humanizeOnCallMessage, onCallErrorMessage, onCallFieldLabel } from './on-call-errors';

const refusal = (message: string | string[]) =>
  new HttpErrorResponse({
    status: 400,
    error: { statusCode: 400, error: 'Bad Request', message, correlationId: 'c1' },
  });

describe('on-call errors', () => {
  it('names nested fields as the forms label them, with 1-based positions', () => {
    expect(onCallFieldLabel('layers[1].turnHours')).toBe("layer 2's turn length in hours");
    expect(onCallFieldLabel('layers[0].memberIds[2]')).toBe("layer 1's member 3");
    expect(onCallFieldLabel('layers[0].restrictions[0].from')).toBe(
      "layer 1's restriction 1 (start)",
    );
    // The ValidationPipe's path style and the service's.
    expect(onCallFieldLabel('highUrgency.0.delayMinutes')).toBe(
      "high-urgency step 1's delay in minutes",
    );
    expect(onCallFieldLabel('lowUrgency[2].kind')).toBe("low-urgency step 3's channel kind");
    expect(onCallFieldLabel('quietHours.to')).toBe('the end of the quiet hours');
    expect(onCallFieldLabel('timeZone')).toBe('the time zone');
    expect(onCallFieldLabel('constructor')).toBeNull();
    expect(onCallFieldLabel('layers[0].constructor')).toBeNull();
  });

  it('rewrites only a leading known path', () => {
    expect(humanizeOnCallMessage('layers[0].handoffTime: HH:MM (24-hour)')).toBe(
      "Layer 1's hand-off time: HH:MM (24-hour)",
    );
    expect(humanizeOnCallMessage('Schedule not found')).toBe('Schedule not found');
    expect(humanizeOnCallMessage('whatever.path: text')).toBe('whatever.path: text');
  });

  it('says which field the API refused, every one of them', () => {
    expect(onCallErrorMessage(refusal('phone: an E.164 number, e.g. +33612345678'), 'x')).toBe(
      'The phone number: an E.164 number, e.g. +33612345678',
    );
    const both = onCallErrorMessage(
      refusal(['layers[0].memberIds: at least one contact', 'timeZone: an IANA time zone']),
      'x',
    );
    expect(both).toContain("Layer 1's members: at least one contact.");
    expect(both).toContain('The time zone: an IANA time zone.');
  });

  it('falls back to the generic words when the error is no API answer', () => {
    expect(onCallErrorMessage(new Error('boom'), 'The schedule could not be saved.')).toBe(
      'The schedule could not be saved.',
    );
  });
});
