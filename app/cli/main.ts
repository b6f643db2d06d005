#!/usr/bin/env node
/**
 * The `temporal-checkpoint` CLI: start the demo workflows, and pause, resume,
 * cancel, inspect and watch any task, from a shell. See `USAGE` in `./args`.
 *
 * Node zone. The CLI's entry point: the only module of the CLI that reads
 * the environment and exits. Exit status: 0 done, 1 the operation failed
 * (unknown task, task not paused, …), 2 the command line is wrong.
 *
 * @module
 */
import { Client, Connection } from '@temporalio/client';
import { readTemporalSettings } from '../../src/worker';
import { parseCommand, USAGE, UsageError, type Command } from './args';
import { runCommand } from './commands';

const DEFAULT_ADDRESS = 'localhost:7233';

async function main(argv: readonly string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  if (command.name === 'help') {
    print(USAGE);
    return 0;
  }

  const settings = readTemporalSettings(process.env);
  const address = settings.address ?? DEFAULT_ADDRESS;
  let connection: Connection;
  try {
    connection = await Connection.connect({
      ...settings.connectionOptions,
      address,
      connectTimeout: '5 seconds',
    });
  } catch (error) {
    fail(
      `Cannot connect to Temporal at \`${address}\` (${settings.address ? settings.addressSource : 'the default address'}): ${firstLine(error)}`,
    );
    return 1;
  }
  try {
    const client = new Client({ connection, namespace: settings.namespace });
    await runCommand(command, {
      client,
      taskQueue: process.env.TASK_QUEUE || 'temporal-checkpoint',
      print,
      progress: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    });
    return 0;
  } catch (error) {
    fail(firstLine(error));
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await connection.close();
  }
}

function fail(message: string): void {
  process.stderr.write(`temporal-checkpoint: ${message}\n`);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    fail(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
