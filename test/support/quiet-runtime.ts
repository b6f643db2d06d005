// Jest setup file: the SDK logs every worker state change at INFO; tests only
// need errors.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('ERROR') });
