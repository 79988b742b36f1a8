/** ansible-playbook's command line, as drover supports it. */
export interface PlaybookArgs {
  inventories: string[];
  forks: number;
  extraVars: string[];
  limit?: string;
  /** -t/--tags and --skip-tags, comma-split. */
  tags: string[];
  skipTags: string[];
  forceHandlers: boolean;
  check: boolean;
  verbosity: number;
  listHosts: boolean;
  listTasks: boolean;
  listHandlers: boolean;
  syntaxCheck: boolean;
  eventsFile?: string;
  playbooks: string[];
}

/** A command line argparse rejects: usage, the error and the help on stderr, exit 2 (as ansible-playbook). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** ansible-playbook's AnsibleOptionsError (bad -e data): help on stdout, ERROR! on stderr, exit 5. */
export class OptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionsError';
  }
}

export const PLAYBOOK_SYNOPSIS = `usage: drover playbook [-h] [--version] [-v] [-i INVENTORY] [-f FORKS]
                       [-e EXTRA_VARS] [-l SUBSET] [--force-handlers] [-C]
                       [--list-hosts] [--list-tasks] [--list-handlers]
                       [--syntax-check] [--events FILE]
                       playbook [playbook ...]
`;

export const PLAYBOOK_USAGE = `${PLAYBOOK_SYNOPSIS}
Runs Ansible playbooks over SSH, as ansible-playbook 2.14 does.

positional arguments:
  playbook                   Playbook(s)

options:
  -i, --inventory INVENTORY  inventory file, directory or comma-separated host list (repeatable)
  -f, --forks FORKS          number of hosts to run at once (default 5)
  -e, --extra-vars VARS      key=value, JSON/YAML text, or @file (repeatable; later ones win)
  -l, --limit SUBSET         further limit hosts to a pattern
  -t, --tags TAGS            only run plays and tasks tagged with these values
  --skip-tags SKIP_TAGS      only run plays and tasks whose tags do not match these values
  --force-handlers           run handlers even if a task fails
  -C, --check                check mode: make no changes
  -v, --verbose              more output: -v results and notifications, -vv flushes
  --list-hosts               list the hosts each play would run on
  --list-tasks               list the tasks of each play
  --list-handlers            list each play's handlers in run order, with their listen topics
  --syntax-check             check the playbook and exit
  --events FILE              write the job event stream to FILE as JSON lines
  --version                  show the version and exit
  -h, --help                 show this help and exit
`;

/** Options that take a value, by every spelling. */
const WITH_VALUE: Record<string, string> = {
  '-i': 'inventory', '--inventory': 'inventory', '--inventory-file': 'inventory',
  '-f': 'forks', '--forks': 'forks',
  '-e': 'extraVars', '--extra-vars': 'extraVars',
  '-l': 'limit', '--limit': 'limit',
  '-t': 'tags', '--tags': 'tags',
  '--skip-tags': 'skipTags',
  '--events': 'events',
};
const FLAGS: Record<string, string> = {
  '--force-handlers': 'forceHandlers',
  '-C': 'check', '--check': 'check',
  '--list-hosts': 'listHosts',
  '--list-tasks': 'listTasks',
  '--list-handlers': 'listHandlers',
  '--syntax-check': 'syntaxCheck',
  '--verbose': 'verbose',
  '-h': 'help', '--help': 'help',
  '--version': 'version',
};
/** argparse's metavar-style name of an option, for its error messages. */
const DISPLAY: Record<string, string> = {
  inventory: '-i/--inventory/--inventory-file', forks: '-f/--forks', extraVars: '-e/--extra-vars',
  limit: '-l/--limit', events: '--events', tags: '-t/--tags', skipTags: '--skip-tags',
};

/** argparse's abbreviations: a unique prefix of a long option stands for it. */
function expandLong(opt: string): string {
  if (WITH_VALUE[opt] || FLAGS[opt]) return opt;
  const matches = [...Object.keys(WITH_VALUE), ...Object.keys(FLAGS)].filter((o) => o.startsWith('--') && o.startsWith(opt));
  if (matches.length > 1) throw new UsageError(`ambiguous option: ${opt} could match ${matches.join(', ')}`);
  return matches[0] ?? opt;
}

export function parsePlaybookArgs(argv: readonly string[]): PlaybookArgs | 'help' | 'version' {
  const a: PlaybookArgs = {
    inventories: [], forks: 5, extraVars: [], tags: [], skipTags: [], forceHandlers: false, check: false, verbosity: 0,
    listHosts: false, listTasks: false, listHandlers: false, syntaxCheck: false, playbooks: [],
  };
  const unknown: string[] = [];
  let help: 'help' | 'version' | undefined;
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (onlyPositional || word === '-' || !word.startsWith('-')) {
      a.playbooks.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositional = true;
      continue;
    }
    let opt = word;
    let inline: string | undefined;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      if (eq > 0) [opt, inline] = [word.slice(0, eq), word.slice(eq + 1)];
      opt = expandLong(opt);
    } else if (word.length > 2 && WITH_VALUE[word.slice(0, 2)]) {
      [opt, inline] = [word.slice(0, 2), word.slice(2)];
    }
    const dest = WITH_VALUE[opt];
    if (dest) {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        // argparse does not take a word that looks like an option as a value
        if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) {
          throw new UsageError(`argument ${DISPLAY[dest]}: expected one argument`);
        }
        value = next;
        i++;
      }
      switch (dest) {
        case 'inventory':
          a.inventories.push(value);
          break;
        case 'forks': {
          if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new UsageError(`argument -f/--forks: invalid int value: '${value}'`);
          const n = Number(value);
          if (n < 1) throw new UsageError('The number of processes (--forks) must be >= 1');
          a.forks = n;
          break;
        }
        case 'extraVars':
          a.extraVars.push(value);
          break;
        case 'limit':
          a.limit = value;
          break;
        case 'tags':
        case 'skipTags':
          a[dest].push(...value.split(',').map((t) => t.trim()).filter(Boolean));
          break;
        case 'events':
          a.eventsFile = value;
          break;
      }
      continue;
    }
    const flag = FLAGS[opt];
    if (flag && inline === undefined) {
      switch (flag) {
        case 'help':
        case 'version':
          help ??= flag;
          break;
        case 'verbose':
          a.verbosity++;
          break;
        default:
          (a as unknown as Record<string, boolean>)[flag] = true;
      }
      continue;
    }
    if (/^-v+$/.test(word)) {
      a.verbosity += word.length - 1;
      continue;
    }
    unknown.push(word);
  }
  if (help) return help;
  if (a.playbooks.length === 0) throw new UsageError('the following arguments are required: playbook');
  if (unknown.length > 0) throw new UsageError(`unrecognized arguments: ${unknown.join(' ')}`);
  return a;
}
