import { BadRequestException, Type, ValidationPipe } from '@nestjs/common';

import { CreateEscalationPolicyDto } from './escalation-policy.dto';
import { CreateRoutingRuleDto, UpdateRoutingRuleDto } from './routing-rule.dto';
import { CreateSilenceDto, SilenceListQueryDto } from './silence.dto';

/** The DTOs through the app's global pipe: bad input is a 400 whose message names the field. */
describe('Alert configuration DTOs', () => {
  const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

  const messages = async (
    metatype: Type<unknown>,
    value: unknown,
    type: 'body' | 'query' = 'body',
  ) => {
    try {
      await pipe.transform(value, { type, metatype });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      return ((error as BadRequestException).getResponse() as { message: string[] }).message;
    }
  };

  const level = { name: 'DevOps', delayMinutes: 0, targets: [], channelKinds: ['email'] };

  it('accepts a well-formed policy and names each bad field', async () => {
    expect(await messages(CreateEscalationPolicyDto, { name: 'Ops', levels: [level] })).toEqual([]);
    expect(
      await messages(CreateEscalationPolicyDto, {
        name: ' Ops',
        repeat: 10,
        isDefault: 'yes',
        levels: [],
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: /),
        'repeat: a whole number from 0 to 9',
        'isDefault: true or false',
        'levels: a list of 1 to 10 levels',
      ]),
    );
  });

  it('names routing fields, and takes only known fields in clear', async () => {
    expect(
      await messages(CreateRoutingRuleDto, {
        name: 'r',
        matchers: [],
        serviceId: 'nope',
        urgency: 'urgent',
        channelKinds: ['sms', 'pigeon'],
        position: -1,
      }),
    ).toEqual(
      expect.arrayContaining([
        'serviceId: a service id (UUID)',
        'urgency: one of high, low',
        expect.stringMatching(/^channelKinds: /),
        expect.stringMatching(/^position: /),
      ]),
    );
    expect(await messages(UpdateRoutingRuleDto, { clear: ['name'] })).toEqual([
      'clear: distinct fields among serviceId, escalationPolicyId, urgency, channelKinds',
    ]);
    expect(await messages(UpdateRoutingRuleDto, { clear: ['urgency'] })).toEqual([]);
  });

  it('names silence fields and the status filter', async () => {
    expect(
      await messages(CreateSilenceDto, { comment: '   ', matchers: [], endsAt: 'soon' }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^comment: /),
        expect.stringMatching(/^matchers: /),
        'endsAt: an ISO 8601 date and time',
      ]),
    );
    expect(await messages(SilenceListQueryDto, { status: 'gone' }, 'query')).toEqual([
      'status: one of active, pending, expired, all',
    ]);
    expect(await messages(SilenceListQueryDto, {}, 'query')).toEqual([]);
  });
});
