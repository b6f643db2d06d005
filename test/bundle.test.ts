import { bundleWorkflowCode } from '@temporalio/worker';

const quiet = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('the workflow zone', () => {
  it.each([
    ['temporal-checkpoint', '../src/index'],
    ['temporal-checkpoint/workflow', '../src/workflow/index'],
    ['temporal-checkpoint/workflow-interceptors', '../src/workflow-interceptors'],
  ])('bundles %s', async (_entry, modulePath) => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve(modulePath),
      workflowInterceptorModules: [require.resolve('../src/workflow-interceptors')],
      logger: quiet,
    });
    expect(bundle.code).toContain('requestPause');
  });

  it('rejects a workflow that imports a Node builtin', async () => {
    await expect(
      bundleWorkflowCode({
        workflowsPath: require.resolve('./fixtures/forbidden-import/workflows'),
        logger: quiet,
      }),
    ).rejects.toThrow(/fs/);
  });
});
