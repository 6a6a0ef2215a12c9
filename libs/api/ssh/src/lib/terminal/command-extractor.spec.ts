import { CommandExtractor } from './command-extractor';

/**
 * The headless terminal's reading of typed lines, fed as a shell would answer: the prompt, the
 * echo of what is typed, then the line feed of the Enter.
 */
describe('CommandExtractor', () => {
  const run = async (steps: (x: CommandExtractor) => void) => {
    const commands: string[] = [];
    const x = new CommandExtractor(40, 10, (command) => commands.push(command));
    steps(x);
    await x.settled();
    x.dispose();
    return commands;
  };
  const out = (x: CommandExtractor, text: string) => x.output(Buffer.from(text));

  it('takes the line typed after the prompt once the Enter is echoed', async () => {
    const commands = await run((x) => {
      out(x, '$ ');
      x.input('ls -la', 1);
      out(x, 'ls -la');
      x.input('\r', 2);
      out(x, '\r\ntotal 0\r\n$ ');
    });
    expect(commands).toEqual(['ls -la']);
  });

  it('reads what the shell shows (history recall), joins wrapped rows, and skips empty lines', async () => {
    const long = `echo ${'x'.repeat(60)}`;
    const commands = await run((x) => {
      out(x, '$ ');
      x.input('\x1b[A', 1); // Up: the shell redraws the previous command
      out(x, 'uptime');
      x.input('\r', 2);
      out(x, '\r\n up 1 day\r\n$ ');
      x.input('\r', 3); // an empty line
      out(x, '\r\n$ ');
      x.input(long, 4);
      out(x, long);
      x.input('\r', 5);
      out(x, '\r\n');
    });
    expect(commands).toEqual(['uptime', long]);
  });

  it('takes nothing in the alternate screen (vim, less), nor a line abandoned with Ctrl-C', async () => {
    const commands = await run((x) => {
      out(x, '$ ');
      x.input('vim f', 1);
      out(x, 'vim f');
      x.input('\r', 2);
      out(x, '\r\n\x1b[?1049h'); // vim enters the alternate screen
      x.input(':wq', 3);
      out(x, ':wq');
      x.input('\r', 4);
      out(x, '\r\n\x1b[?1049l$ ');
      x.input('rm -rf /', 5);
      out(x, 'rm -rf /');
      x.input('\x03', 6);
      out(x, '^C\r\n$ ');
      x.input('echo ok\r', 7);
      out(x, 'echo ok\r\nok\r\n$ ');
    });
    expect(commands).toEqual(['vim f', 'echo ok']);
  });

  it('never takes a line the remote did not echo (a password), pasted or typed', async () => {
    const commands = await run((x) => {
      out(x, 'Password: ');
      x.input('hunter2\r', 1);
      out(x, '\r\n$ ');
      x.input('sudo -k\rs3cret\r', 2);
      out(x, 'sudo -k\r\n[sudo] password: \r\n$ ');
    });
    expect(commands).toEqual(['sudo -k']);
  });

  it('takes a line typed before the prompt showed, without the prompt', async () => {
    const commands = await run((x) => {
      x.input('uname -a\r', 1);
      out(x, 'Welcome\r\nroot@box:~# uname -a\r\nLinux\r\n');
    });
    expect(commands).toEqual(['uname -a']);
  });

  it('takes a line typed key by key while the prompt was drawn, without the prompt', async () => {
    // What the browser test met: the first keys are echoed by the tty before the shell prints
    // its prompt, then the shell redraws the whole line after it.
    const commands = await run((x) => {
      out(x, 'Last login: today\r\n');
      for (const key of 'echo hi-') x.input(key, 1);
      out(x, 'echo hi-');
      out(x, 'root@box:~# echo hi-');
      for (const key of 'there') x.input(key, 2);
      out(x, 'there');
      x.input('\r', 3);
      out(x, '\r\nhi-there\r\nroot@box:~# ');
    });
    expect(commands).toEqual(['echo hi-there']);
  });

  it('takes each line of a paste of several lines', async () => {
    const commands = await run((x) => {
      out(x, '$ ');
      x.input('echo a\recho b\r', 1);
      out(x, 'echo a\r\na\r\n$ echo b\r\nb\r\n$ ');
    });
    expect(commands).toEqual(['echo a', 'echo b']);
  });
});
