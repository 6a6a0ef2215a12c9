import { BadRequestException } from '@nestjs/common';

import { ParsePidPipe, ParseServiceActionPipe, ParseUnitPipe } from './system.dto';

describe('path parameters', () => {
  it('takes a pid within Linux range, and refuses anything else naming pid', () => {
    const pipe = new ParsePidPipe();
    expect(pipe.transform('1')).toBe(1);
    expect(pipe.transform('4194304')).toBe(4194304);
    for (const bad of ['0', '-1', '01', '4194305', '12a', '1.5', '', ' 1', '99999999']) {
      expect(() => pipe.transform(bad)).toThrow(
        new BadRequestException('pid must be a whole number from 1 to 4194304'),
      );
    }
  });

  it('takes service unit names, and refuses paths, shell words, options, other unit types and long names naming unit', () => {
    const pipe = new ParseUnitPipe();
    for (const good of [
      'nginx.service',
      'getty@tty1.service',
      'systemd-fsck@dev-disk-by\\x2duuid-1.service',
      'a.b_c:d.service',
      `${'a'.repeat(247)}.service`,
    ]) {
      expect(pipe.transform(good)).toBe(good);
    }
    for (const bad of [
      '../x',
      '../x.service',
      'a;b',
      'a;b.service',
      '',
      'nginx',
      'ssh.socket',
      '-x.service',
      '.x.service',
      '--now.service',
      'a b.service',
      'a/b.service',
      `${'a'.repeat(248)}.service`,
      'x'.repeat(300),
    ]) {
      expect(() => pipe.transform(bad)).toThrow(/^unit must be a service unit name/);
    }
  });

  it('takes start, stop and restart only, naming action', () => {
    const pipe = new ParseServiceActionPipe();
    expect(pipe.transform('restart')).toBe('restart');
    expect(() => pipe.transform('enable')).toThrow('action must be one of start, stop, restart');
  });
});
