import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DroverError, Inventory, loadPlaybook, runPlaybook, Templar, type Playbook } from '@drover/engine';
import { DefaultRenderer, type JobEvent } from '@drover/events';
import { parse } from 'yaml';
import { OptionsError, parsePlaybookArgs, PLAYBOOK_SYNOPSIS, PLAYBOOK_USAGE, UsageError, type PlaybookArgs } from './args.js';
import { exitCodeFor, formatUserError } from './errors.js';
import { EventsFile } from './events-file.js';
import { loadExtraVars } from './extra-vars.js';
import { listPlaybook } from './listing.js';

const VERSION = '0.1.0';

const USAGE = `usage: drover <command> [options]

commands:
  playbook   run a playbook (as ansible-playbook does); drover playbook --help
  migrate    apply the database migrations (DATABASE_URL); --status to list them
  worker     run a job worker (DATABASE_URL, REDIS_URL); run several to scale out
  server     the controller on one box: migrate, then the API and a worker (DATABASE_URL, REDIS_URL,
             DROVER_SECRET_KEY, PORT)
`;

const SERVER_USAGE = `usage: drover server

Runs the controller on one box: applies the database migrations, then starts the API and one job worker
as child processes (output prefixed "api | " and "worker | "). Settings come from the environment, as for
the API and the worker: DATABASE_URL, REDIS_URL, DROVER_SECRET_KEY, PORT, HOST, DROVER_PROJECTS_DIR,
DROVER_WORKER_CONCURRENCY, ... SIGINT/SIGTERM stop both gracefully (a second one kills them). If either
exits, the other is stopped and drover exits non-zero.
`;

/** Ansible's boolean() for environment settings. */
function envBool(name: string): boolean {
  const v = process.env[name];
  return v !== undefined && ['y', 'yes', 'on', '1', 'true', 't', '1.0'].includes(v.trim().toLowerCase());
}

/** Ansible's rule: ANSIBLE_FORCE_COLOR wins; else no colour with ANSIBLE_NOCOLOR/NO_COLOR or when stdout is
 * not a terminal. FORCE_COLOR (Node's convention, any value but 0/false) forces colour too. */
export function useColor(isTTY: boolean): boolean {
  const force = process.env['FORCE_COLOR'];
  if (envBool('ANSIBLE_FORCE_COLOR') || (force !== undefined && !['0', 'false'].includes(force.toLowerCase()))) return true;
  if (envBool('ANSIBLE_NOCOLOR') || envBool('NO_COLOR')) return false;
  return isTTY;
}

/** Writes that survive a closed pipe (`drover playbook ... | head`): the run goes on, output is dropped. */
const closed = { stdout: false, stderr: false };
for (const name of ['stdout', 'stderr'] as const) {
  process[name].on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed[name] = true;
  });
}
function writeOut(text: string, stream: 'stdout' | 'stderr'): void {
  if (!closed[stream]) process[stream].write(text);
}

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '-h' || cmd === '--help') {
    writeOut(USAGE, 'stdout');
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version') {
    writeOut(`drover ${VERSION}\n`, 'stdout');
    return 0;
  }
  if (cmd === 'migrate' || cmd === 'worker' || cmd === 'server') return controllerCommand(cmd, rest);
  if (cmd !== 'playbook') {
    writeOut(`drover: unknown command '${cmd}'\n${USAGE}`, 'stderr');
    return 2;
  }
  return playbookCommand(rest);
}

/**
 * Controller commands live in the apps (packages never import apps), so they are looked up at run
 * time by package name: `drover migrate` (@drover/db), `drover worker` (@drover/worker) and `drover server`
 * (migrate, then @drover/api's and @drover/worker's main modules as child processes).
 */
async function controllerCommand(cmd: 'migrate' | 'worker' | 'server', argv: readonly string[]): Promise<number> {
  const load = (spec: string): Promise<Record<string, unknown>> => import(spec) as Promise<Record<string, unknown>>;
  const migrate = async (a: readonly string[]): Promise<number> => {
    const db = await load('@drover/db');
    const run = db['runMigrateCommand'] as (a: readonly string[]) => Promise<number>;
    return run(a);
  };
  try {
    if (cmd === 'migrate') return await migrate(argv);
    if (cmd === 'server') {
      if (argv.length > 0) {
        const help = argv.length === 1 && (argv[0] === '-h' || argv[0] === '--help');
        writeOut(`${help ? '' : 'drover server: takes no arguments\n'}${SERVER_USAGE}`, help ? 'stdout' : 'stderr');
        return help ? 0 : 2;
      }
      const { runServer } = await import('./server.js');
      return await runServer({ write: writeOut }, () => migrate([]));
    }
    await load('@drover/worker/main');
    return await new Promise<number>(() => undefined); // the worker runs until a signal stops it
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      writeOut(`drover: '${cmd}' needs the controller packages (npm ci at the repository root)\n`, 'stderr');
      return 1;
    }
    throw e;
  }
}

/** The event shape for messages the CLI itself reports (warnings, errors). */
function localEvent(event: 'warning' | 'error', message: string): JobEvent {
  return { counter: 1, uuid: randomUUID(), parent_uuid: null, created: new Date().toISOString(), event, event_data: { message } };
}

async function playbookCommand(argv: readonly string[]): Promise<number> {
  let parsed: PlaybookArgs | 'help' | 'version';
  try {
    parsed = parsePlaybookArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // argparse's error, then (as ansible-playbook does) a ' ' line and the full help; exit 2
    writeOut(`${PLAYBOOK_SYNOPSIS}drover playbook: error: ${e.message}\n \n${PLAYBOOK_USAGE}`, 'stderr');
    return 2;
  }
  if (parsed === 'help' || parsed === 'version') {
    writeOut(parsed === 'help' ? PLAYBOOK_USAGE : `drover playbook ${VERSION}\n`, 'stdout');
    return 0;
  }
  const args = parsed;
  const renderer = new DefaultRenderer(writeOut, {
    verbosity: args.verbosity,
    color: useColor(process.stdout.isTTY === true),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  });
  let events: EventsFile | undefined;
  const abort = new AbortController();
  const report = (e: JobEvent) => {
    if (abort.signal.aborted) return; // after Ctrl-C nothing more is printed
    renderer.handle(e);
    events?.write(e);
  };
  // Ctrl-C: as ansible-playbook, stop with its message and exit 99. The engine is aborted, which
  // kills the commands running on the hosts; we give that a moment, then leave regardless.
  const onInterrupt = () => {
    abort.abort();
    events?.error('User interrupted execution');
    events?.close();
    writeOut(' [ERROR]: User interrupted execution\n', 'stderr');
    setTimeout(() => process.exit(99), 1500).unref();
  };
  process.once('SIGINT', onInterrupt);
  try {
    if (args.eventsFile) {
      try {
        events = new EventsFile(args.eventsFile);
      } catch (e) {
        throw new DroverError('DRV_ENGINE_MISSING_FILE', `Unable to open the events file '${args.eventsFile}': ${(e as Error).message}`);
      }
    }
    const code = await runCommand(args, report, abort.signal);
    return abort.signal.aborted ? 99 : code;
  } catch (e) {
    if (e instanceof OptionsError) {
      // AnsibleOptionsError: the help on stdout, the error on stderr, exit 5
      writeOut(PLAYBOOK_USAGE, 'stdout');
      events?.error(e.message);
      renderer.handle(localEvent('error', e.message));
      return 5;
    }
    if (e instanceof DroverError) {
      const text = formatUserError(e).replace(/^ERROR! /, '');
      events?.error(text);
      renderer.handle(localEvent('error', text));
      return exitCodeFor(e);
    }
    const message = e instanceof Error ? e.message : String(e);
    events?.error(`Unexpected Exception, this is probably a bug: ${message}`);
    renderer.handle(localEvent('error', `Unexpected Exception, this is probably a bug: ${message}`));
    if (args.verbosity > 2) writeOut(`the full traceback was:\n\n${e instanceof Error ? e.stack : message}\n`, 'stderr');
    else writeOut('to see the full traceback, use -vvv\n', 'stdout');
    return 250;
  } finally {
    process.off('SIGINT', onInterrupt);
    events?.close();
  }
}

/** Fails like ansible-playbook's first check, before anything is loaded. */
function checkPlaybookFiles(files: readonly string[]): void {
  for (const f of files) {
    let st;
    try {
      st = statSync(f);
    } catch {
      throw new DroverError('DRV_ENGINE_MISSING_FILE', `the playbook: ${f} could not be found`);
    }
    if (!st.isFile() && !st.isFIFO()) throw new DroverError('DRV_ENGINE_MISSING_FILE', `the playbook: ${f} does not appear to be a file`);
  }
}

/** vars_files entries that name a file outright must exist before any host is touched (the engine
 * reads them when the play starts). Templated names are left to run time. */
function checkVarsFiles(pb: Playbook): void {
  for (const play of pb.plays) {
    for (const f of play.varsFiles) {
      const names = (Array.isArray(f) ? f : [f]).map(String);
      if (names.some((n) => n.includes('{{') || n.includes('{%'))) continue;
      if (names.some((n) => statSync(resolve(play.basedir, n), { throwIfNoEntry: false })?.isFile())) continue;
      const shown = Array.isArray(f) ? JSON.stringify(names) : names[0];
      throw new DroverError('DRV_ENGINE_MISSING_FILE', `vars file ${shown} was not found\nCould not find file on the controller (looked in ${play.basedir}).`, play.pos);
    }
  }
}

async function runCommand(args: PlaybookArgs, report: (e: JobEvent) => void, signal: AbortSignal): Promise<number> {
  const warn = (message: string) => report(localEvent('warning', message));
  checkPlaybookFiles(args.playbooks);
  const extraVars = await loadExtraVars(args.extraVars);
  const templar = new Templar();
  const inventory = await Inventory.load(args.inventories.length ? args.inventories : ['/etc/ansible/hosts']);
  for (const w of inventory.warnings) warn(w);
  // CLI.get_host_list: an empty inventory is a warning; a --limit that leaves no host an error
  if (inventory.listHosts('all').hosts.length === 0) {
    warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'");
  } else if (args.limit !== undefined) {
    await inventory.setLimit(args.limit);
    const { hosts, warnings } = inventory.listHosts('all');
    if (hosts.length === 0) {
      for (const w of warnings) warn(w);
      throw new DroverError('DRV_ENGINE_OPTION', 'Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
    }
  }
  // every playbook is parsed (and its static files checked) before any host is touched
  const playbooks: { file: string; pb: Playbook }[] = [];
  for (const file of args.playbooks) {
    const pb = await loadPlaybook(file);
    if (pb.plays.length === 0) {
      let empty = false;
      try {
        empty = parse(readFileSync(pb.path, 'utf8')) == null;
      } catch {
        // the engine read it; whatever this parser thinks, it is not empty
      }
      throw new DroverError('DRV_ENGINE_PARSE', `${empty ? 'Empty playbook, nothing to do' : 'A playbook must contain at least one play'}: ${pb.path}`);
    }
    // only a run reads vars files (ansible-playbook --syntax-check and --list-* do not look at them)
    if (!args.syntaxCheck && !args.listHosts && !args.listTasks && !args.listHandlers) checkVarsFiles(pb);
    playbooks.push({ file, pb });
  }
  if (args.syntaxCheck) {
    // ansible-playbook --syntax-check prints the playbook names only, whatever else was asked
    for (const { file } of playbooks) writeOut(`\nplaybook: ${file}\n`, 'stdout');
    return 0;
  }
  if (args.listHosts || args.listTasks || args.listHandlers) {
    // printed once everything is listed, so warnings come first (as in ansible-playbook)
    const lines: string[] = [];
    for (const { file, pb } of playbooks) {
      await inventory.addPlaybookDir(dirname(pb.path));
      await inventory.setLimit(args.limit);
      listPlaybook((l) => lines.push(l), warn, pb, file, inventory, templar, extraVars, {
        hosts: args.listHosts,
        tasks: args.listTasks,
        handlers: args.listHandlers,
        tags: { only: args.tags.length ? args.tags : ['all'], skip: args.skipTags },
      });
    }
    writeOut(lines.map((l) => l + '\n').join(''), 'stdout');
    return 0;
  }
  let exitCode = 0;
  for (const { pb } of playbooks) {
    await inventory.addPlaybookDir(dirname(pb.path));
    await inventory.setLimit(args.limit);
    const outcome = await runPlaybook({
      playbook: pb,
      inventory,
      extraVars,
      forks: args.forks,
      forceHandlers: args.forceHandlers,
      tags: args.tags,
      skipTags: args.skipTags,
      check: args.check,
      verbosity: args.verbosity,
      sinks: [(e) => report(e)],
      templar,
      signal,
    });
    exitCode = outcome.exitCode;
    // ansible-playbook stops at the first playbook that did not end with 0
    if (exitCode !== 0) break;
  }
  return exitCode;
}
