import { parseCommand, UsageError } from '../../app/cli/args';

describe('parseCommand', () => {
  it.each([['help'], ['--help'], ['-h']])('reads %s as help', (word) => {
    expect(parseCommand([word])).toEqual({ name: 'help' });
  });

  it('asks for a command when there is none', () => {
    expect(() => parseCommand([])).toThrow(
      new UsageError('Expected a command (start, pause, resume, cancel, state, watch, help)'),
    );
  });

  it('reads start with JSON input and an id', () => {
    expect(parseCommand(['start', 'research', '--input', '{"topic":"wind"}', '--id', 'research-43'])).toEqual(
      {
        name: 'start',
        workflow: 'research',
        input: { topic: 'wind' },
        workflowId: 'research-43',
        paused: undefined,
      },
    );
  });

  it('reads start --paused with a reason, and refuses a reason without --paused', () => {
    expect(parseCommand(['start', 'research', '--paused', '--reason', 'review first'])).toMatchObject({
      name: 'start',
      paused: { reason: 'review first' },
    });
    expect(() => parseCommand(['start', 'research', '--reason', 'x'])).toThrow(
      new UsageError('start: --reason needs --paused'),
    );
  });

  it('reads pause, resume and cancel --query as a batch, and refuses an id besides', () => {
    const query = "WorkflowType='research' AND ExecutionStatus='Running'";
    expect(parseCommand(['pause', '--query', query, '--reason', 'outage', '--timeout', '1h'])).toEqual({
      name: 'batch',
      action: 'pause',
      query,
      reason: 'outage',
      request: { reason: 'outage', timeout: '1h' },
    });
    expect(parseCommand(['resume', '--query', query])).toEqual({
      name: 'batch',
      action: 'resume',
      query,
      reason: undefined,
      request: {},
    });
    expect(parseCommand(['cancel', '--query', query])).toMatchObject({ name: 'batch', action: 'cancel' });
    expect(() => parseCommand(['pause', 'research-1', '--query', query])).toThrow(
      new UsageError('pause: give either <id> or --query, not both (got `research-1`)'),
    );
    expect(() => parseCommand(['resume', '--query', ' '])).toThrow(
      new UsageError('resume: --query needs a visibility query'),
    );
  });

  it('reads a pause with every option; a number of milliseconds is a number', () => {
    expect(
      parseCommand([
        'pause',
        'research-43',
        '--reason',
        'check',
        '--timeout',
        '60000',
        '--on-timeout',
        'fail',
        '--request-id',
        'r-1',
        '--requested-by',
        'alice',
      ]),
    ).toEqual({
      name: 'pause',
      workflowId: 'research-43',
      request: { reason: 'check', timeout: 60000, onTimeout: 'fail', requestId: 'r-1', requestedBy: 'alice' },
    });
  });

  it('leaves unset options out of the request and a textual duration as text', () => {
    expect(parseCommand(['pause', 'research-43', '--timeout', '7 days'])).toEqual({
      name: 'pause',
      workflowId: 'research-43',
      request: { timeout: '7 days' },
    });
    expect(parseCommand(['resume', 'research-43'])).toEqual({
      name: 'resume',
      workflowId: 'research-43',
      request: {},
    });
  });

  it('reads resume input as JSON', () => {
    expect(parseCommand(['resume', 'r', '--input', '"offshore"'])).toEqual({
      name: 'resume',
      workflowId: 'r',
      request: { input: 'offshore' },
    });
  });

  it('reads cancel, state, and watch with and without --after', () => {
    expect(parseCommand(['cancel', 'r'])).toEqual({ name: 'cancel', workflowId: 'r' });
    expect(parseCommand(['state', 'r'])).toEqual({ name: 'state', workflowId: 'r' });
    expect(parseCommand(['watch', 'r'])).toEqual({
      name: 'watch',
      workflowId: 'r',
      after: { seq: 0, serverSeq: 0 },
    });
    expect(parseCommand(['watch', 'r', '--after', '12'])).toEqual({
      name: 'watch',
      workflowId: 'r',
      after: { seq: 12, serverSeq: 0 },
    });
    expect(parseCommand(['watch', 'r', '--after', '12.2'])).toEqual({
      name: 'watch',
      workflowId: 'r',
      after: { seq: 12, serverSeq: 2 },
    });
  });

  it.each([
    [['launch'], 'Unknown command `launch`: expected start, pause, resume, cancel, state, watch or help'],
    [['start', 'essay'], 'Unknown workflow `essay`: expected one of research, supervisor'],
    [['start'], 'start: expected <workflow>'],
    [['pause'], 'pause: expected <id>'],
    [['state', 'a', 'b'], 'state: unexpected argument `b`'],
    [
      ['watch', 'r', '--after', '1.x'],
      'Invalid --after: expected an event id (`<seq>` or `<seq>.<server_seq>`), got `1.x`',
    ],
    [['resume', 'r', '--input', '{oops'], 'Invalid --input: expected JSON, got `{oops`'],
    [['cancel', 'r', '--force'], 'cancel: '],
  ])('rejects %j with a message that names the problem', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
