import { DEFAULT_ESCALATION_LEVELS, parseLevels } from './escalation-levels';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';

describe('parseLevels', () => {
  const level = (over: Record<string, unknown> = {}) => ({
    name: 'DevOps',
    delayMinutes: 0,
    targets: [],
    channelKinds: ['email'],
    ...over,
  });

  it('accepts the default levels of the documents as they are', () => {
    expect(parseLevels(DEFAULT_ESCALATION_LEVELS)).toEqual({
      levels: DEFAULT_ESCALATION_LEVELS,
    });
  });

  it('keeps only the known fields and lower-cases target ids', () => {
    const parsed = parseLevels([
      level({ extra: 1, targets: [{ type: 'contact', id: ID.toUpperCase(), x: 2 }] }),
    ]);
    expect(parsed).toEqual({
      levels: [
        {
          name: 'DevOps',
          delayMinutes: 0,
          targets: [{ type: 'contact', id: ID }],
          channelKinds: ['email'],
        },
      ],
    });
  });

  it.each([
    { levels: [], message: 'levels: a list of 1 to 10 levels' },
    {
      levels: Array.from({ length: 11 }, (_, i) => level({ delayMinutes: i })),
      message: 'levels: a list of 1 to 10 levels',
    },
    { levels: [level({ name: ' padded' })], message: 'levels[0].name:' },
    { levels: [level({ delayMinutes: -1 })], message: 'levels[0].delayMinutes:' },
    { levels: [level({ delayMinutes: 1.5 })], message: 'levels[0].delayMinutes:' },
    { levels: [level({ delayMinutes: 1441 })], message: 'levels[0].delayMinutes:' },
    {
      levels: [level(), level({ delayMinutes: 0 })],
      message: "levels[1].delayMinutes: must be more than the previous level's (0)",
    },
    {
      levels: [level({ delayMinutes: 15 }), level({ delayMinutes: 10 })],
      message: 'levels[1].delayMinutes:',
    },
    {
      levels: [level({ targets: [{ type: 'robot', id: ID }] })],
      message: 'levels[0].targets[0].type:',
    },
    {
      levels: [level({ targets: [{ type: 'team', id: 'nope' }] })],
      message: 'levels[0].targets[0].id:',
    },
    {
      levels: [
        level({
          targets: [
            { type: 'team', id: ID },
            { type: 'team', id: ID },
          ],
        }),
      ],
      message: 'levels[0].targets[1]: the same team twice',
    },
    { levels: [level({ channelKinds: ['pigeon'] })], message: 'levels[0].channelKinds:' },
    { levels: [level({ channelKinds: ['sms', 'sms'] })], message: 'levels[0].channelKinds:' },
    { levels: [level({ channelKinds: [] })], message: 'levels[0]: reaches nobody' },
  ])('refuses them with "$message"', ({ levels, message }) => {
    const parsed = parseLevels(levels);
    expect(parsed.problem).toContain(message);
  });

  it('refuses more targets than a level may have', () => {
    const targets = Array.from({ length: 21 }, (_, i) => ({
      type: 'contact',
      id: `${ID.slice(0, -2)}${String(i).padStart(2, '0')}`,
    }));
    expect(parseLevels([level({ targets })]).problem).toBe(
      'levels[0].targets: a list of at most 20 targets',
    );
  });
});
