import type { WorkerOptions } from '@temporalio/worker';
import { activityProgressInterceptors } from '../../src/activity';
import { decodeOptionsQuery, encodeOptionsQuery, readBundledOptions } from '../../src/common/bundled-options';
import { CheckpointPlugin, ControlBundleError, ControlOptionsError } from '../../src/plugin';
import { canonicalPluginOptions, type CheckpointPluginOptions } from '../../src/worker/plugin-options';

const INTERCEPTOR_MODULE = require.resolve('../../src/workflow-interceptors');

describe('the plugin options', () => {
  it('have one canonical form, whatever the order of keys and with no undefined', () => {
    const one = canonicalPluginOptions({
      workflowTypes: { b: ['pre_completion'], a: [] },
      control: { statusSearchAttribute: 'Status', auditLimit: 3 },
      automaticCheckpoints: undefined,
    });
    const other = canonicalPluginOptions({
      control: { auditLimit: 3, statusSearchAttribute: 'Status', interruptibleActivities: undefined },
      workflowTypes: { a: [], b: ['pre_completion'] },
    });
    expect(one).toBe(other);
    expect(one).toBe(
      '{"workflowTypes":{"a":[],"b":["pre_completion"]},"control":{"auditLimit":3,"statusSearchAttribute":"Status"}}',
    );
    expect(canonicalPluginOptions({ control: {} })).toBe('{}');
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'all', "Expected the plugin's options to be an object, got `all`"],
    [
      'an unknown option',
      { auditLimit: 3 },
      'Unknown option `auditLimit`; expected one of `automaticCheckpoints`',
    ],
    [
      'an unknown checkpoint',
      { automaticCheckpoints: ['pre_activity', 'pre_lunch'] },
      'Expected `automaticCheckpoints` to list automatic checkpoints (pre_activity, pre_local_activity, pre_child_workflow, pre_completion, pre_continue_as_new), got `pre_lunch`',
    ],
    ['a checkpoint list that is no list', { automaticCheckpoints: 'pre_activity' }, 'got `pre_activity`'],
    ['a bad list of a workflow type', { workflowTypes: { nightly: [undefined] } }, '`workflowTypes.nightly`'],
    [
      'a function',
      { control: { validateResumeInput: () => undefined } },
      '`control.validateResumeInput` is a function',
    ],
    ['an unknown control option', { control: { limit: 3 } }, 'Unknown option `control.limit`'],
    [
      'a bad control value',
      { control: { auditLimit: 0 } },
      'Expected `auditLimit` to be an integer from 1 to 1000, got `0`',
    ],
  ])('are refused with a message naming the input: %s', (_case, options, message) => {
    const create = () => new CheckpointPlugin(options as CheckpointPluginOptions);
    expect(create).toThrow(ControlOptionsError);
    expect(create).toThrow(message);
  });
});

describe('the options a bundle carries', () => {
  it('travel as a resource query and come back equal, quotes and all', () => {
    const json = JSON.stringify({ control: { statusSearchAttribute: `it's "(odd)"!~*` } });
    const query = encodeOptionsQuery(json);
    expect(query).toMatch(/^\?temporal-checkpoint-options=[A-Za-z0-9%._-]+$/);
    expect(decodeOptionsQuery(query)).toEqual(JSON.parse(json));
    expect(encodeOptionsQuery('{}')).toBe('');
    expect(decodeOptionsQuery('')).toEqual({});
    expect(() => decodeOptionsQuery('?debug=1')).toThrow('got `?debug=1`');
  });

  it('are read from the code of a bundle', () => {
    const query = encodeOptionsQuery('{"automaticCheckpoints":[]}');
    const module = `const OPTIONS_KEY = 'temporal-checkpoint-options=';`;
    expect(readBundledOptions('exports.hello = 1;')).toEqual({ interceptorModule: false, queries: [] });
    expect(readBundledOptions(module)).toEqual({ interceptorModule: true, queries: [] });
    expect(readBundledOptions(`"./x.js${query}"\n${module}\nvar __resourceQuery = "${query}";`)).toEqual({
      interceptorModule: true,
      queries: [query],
    });
  });
});

describe('the plugin', () => {
  const plugin = new CheckpointPlugin({ automaticCheckpoints: [] });

  it('registers the interceptor module once, with its options', () => {
    const bundled = plugin.configureBundler({
      workflowsPath: '/w.js',
      workflowInterceptorModules: ['/mine.js'],
    });
    expect(bundled.workflowInterceptorModules).toEqual([
      '/mine.js',
      `${INTERCEPTOR_MODULE}${encodeOptionsQuery('{"automaticCheckpoints":[]}')}`,
    ]);
    expect(plugin.configureBundler(bundled)).toEqual(bundled);
    expect(new CheckpointPlugin().workflowInterceptorModule).toBe(INTERCEPTOR_MODULE);
  });

  it('refuses the interceptor module registered besides it with other options', () => {
    const registered = () =>
      plugin.configureBundler({ workflowsPath: '/w.js', workflowInterceptorModules: [INTERCEPTOR_MODULE] });
    expect(registered).toThrow(ControlBundleError);
    expect(registered).toThrow('remove it from workflowInterceptorModules');
  });

  it('adds the activity interceptors of interruptible activities once, after those given', async () => {
    const mine = () => ({});
    const options: WorkerOptions = { taskQueue: 'q', interceptors: { activity: [mine] } };
    const configured = await plugin.configureWorker(options);
    expect(configured.interceptors?.activity).toEqual([mine, activityProgressInterceptors]);
    expect(await plugin.configureWorker(configured)).toBe(configured);
    expect(configured).toMatchObject({ taskQueue: 'q' });
  });

  it('refuses a worker and a replayer whose bundle has no interceptor module', async () => {
    const workflowBundle = { code: 'exports.hello = 1;' };
    await expect(plugin.configureWorker({ taskQueue: 'q', workflowBundle })).rejects.toMatchObject({
      problem: 'no-interceptors',
    });
    await expect(plugin.configureReplayWorker({ workflowBundle })).rejects.toMatchObject({
      problem: 'no-interceptors',
    });
  });
});
