import { ControlOptionsError, ControlSettings, DEFAULT_AUDIT_LIMIT } from '../../../src/workflow/settings';

describe('the options of installControl()', () => {
  it("let the workflow's options override the worker's, whatever the order", () => {
    const settings = new ControlSettings();
    expect(settings.auditLimit).toBe(DEFAULT_AUDIT_LIMIT);
    settings.applyWorkerDefaults({
      auditLimit: 5,
      statusSearchAttribute: 'Worker',
      pauseRequestSearchAttribute: 'WorkerPause',
    });
    settings.applyWorkflowOptions({ auditLimit: 2 });
    settings.applyWorkerDefaults({ auditLimit: 9 });
    expect(settings.auditLimit).toBe(2);
    expect(settings.statusSearchAttribute).toBe('Worker');
    expect(settings.pauseRequestSearchAttribute).toBe('WorkerPause');
  });

  it('accept the same option twice from workflow code, and fail loudly when the values differ', () => {
    const settings = new ControlSettings();
    const check = () => undefined;
    settings.applyWorkflowOptions({ auditLimit: 3, validateResumeInput: check });
    settings.applyWorkflowOptions({ auditLimit: 3, validateResumeInput: check });
    expect(() => settings.applyWorkflowOptions({ auditLimit: 4 })).toThrow(
      new ControlOptionsError(
        'installControl() was called twice with different `auditLimit`; pass each option once, at the start of the workflow',
      ),
    );
  });

  it.each([
    [{ auditLimit: 0 }, 'Expected `auditLimit` to be an integer from 1 to 1000, got `0`'],
    [{ auditLimit: 2.5 }, 'Expected `auditLimit` to be an integer from 1 to 1000, got `2.5`'],
    [{ statusSearchAttribute: '' }, 'Expected `statusSearchAttribute` to be a search attribute name, got ``'],
    [
      { pauseRequestSearchAttribute: 7 },
      'Expected `pauseRequestSearchAttribute` to be a search attribute name, got `7`',
    ],
    [
      { validateResumeInput: 'yes' },
      'Expected `validateResumeInput` to be a function, got a value of type string',
    ],
  ])('reject %j with a message that names it', (options, message) => {
    expect(() => new ControlSettings().applyWorkflowOptions(options as never)).toThrow(message);
  });
});
