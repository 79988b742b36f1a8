import type { JobEvent, JobEventOf } from '../schema.js';
import { COLOR, stringc, type ColorName } from './colors.js';
import { pyJsonDumps } from './py-json.js';

export type Stream = 'stdout' | 'stderr';
export type Writer = (text: string, stream: Stream) => void;

export interface RenderOptions {
  /** -v count. */
  readonly verbosity?: number;
  readonly color?: boolean;
  /** Terminal width; banners fill to max(79, columns - 1). */
  readonly columns?: number;
}

type Res = Record<string, unknown>;
type ResultEvent = JobEventOf<'runner_on_ok' | 'runner_on_failed' | 'runner_on_skipped' | 'runner_on_unreachable'>;
type ItemEvent = JobEventOf<'runner_item_on_ok' | 'runner_item_on_failed' | 'runner_item_on_skipped'>;

const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations']);
const HIDE_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason'];

/** The text ansible-playbook's default stdout callback prints, rendered from drover's job
 * events. Used by the CLI, and by the worker to store each event's stdout. */
export class DefaultRenderer {
  private lastBannerTask: string | undefined;
  private readonly prefixes = new Map<string, string>();
  private readonly warned = new Set<string>();
  private readonly verbosity: number;
  private readonly color: boolean;
  private readonly columns: number;

  constructor(
    private readonly write: Writer,
    opts: RenderOptions = {},
  ) {
    this.verbosity = opts.verbosity ?? 0;
    this.color = opts.color ?? false;
    this.columns = Math.max(79, (opts.columns ?? 80) - 1);
  }

  private display(msg: string, color?: ColorName, stream: Stream = 'stdout'): void {
    this.write((color && this.color ? stringc(msg, color) : msg) + '\n', stream);
  }

  private banner(msg: string): void {
    const m = msg.trim();
    this.display(`\n${m} ${'*'.repeat(Math.max(3, this.columns - [...m].length))}`);
  }

  private dump(res: Res, action: string, indent?: number): string {
    const out: Res = {};
    for (const [k, v] of Object.entries(res)) {
      if (k.startsWith('_ansible_') || k === 'failed' || k === 'skipped') continue;
      if ((k === 'invocation' && this.verbosity < 3) || (k === 'diff' && this.verbosity < 3) || k === 'exception') continue;
      out[k] = v;
    }
    if (action === 'debug') {
      if ('msg' in out) {
        for (const k of Object.keys(out)) if (!DEBUG_ALLOWED.has(k)) delete out[k];
      } else for (const k of HIDE_IN_DEBUG) delete out[k];
    }
    const ind = indent ?? (res['_ansible_verbose_always'] === true || this.verbosity > 2 ? 4 : undefined);
    return pyJsonDumps(out, ind);
  }

  private verbose(res: Res): boolean {
    return (this.verbosity > 0 || res['_ansible_verbose_always'] === true) && res['_ansible_verbose_override'] !== true;
  }

  private ensureBanner(taskUuid: string, name: string): void {
    if (this.lastBannerTask !== taskUuid) {
      this.banner(`${this.prefixes.get(taskUuid) ?? 'TASK'} [${name}]`);
      this.lastBannerTask = taskUuid;
    }
  }

  handle(e: JobEvent): void {
    switch (e.event) {
      case 'playbook_on_play_start': {
        const name = e.event_data.name.trim();
        this.banner(name ? `PLAY [${name}]` : 'PLAY');
        break;
      }
      case 'playbook_on_task_start':
      case 'playbook_on_handler_task_start': {
        const prefix = e.event === 'playbook_on_task_start' ? 'TASK' : 'RUNNING HANDLER';
        this.prefixes.set(e.event_data.task_uuid, prefix);
        this.banner(`${prefix} [${e.event_data.task}]`);
        this.lastBannerTask = e.event_data.task_uuid;
        break;
      }
      case 'runner_on_ok':
      case 'runner_on_failed':
      case 'runner_on_skipped':
      case 'runner_on_unreachable':
        this.result(e);
        break;
      case 'runner_item_on_ok':
      case 'runner_item_on_failed':
      case 'runner_item_on_skipped':
        this.item(e);
        break;
      case 'playbook_on_include': {
        const d = e.event_data as typeof e.event_data & { item_label?: string };
        this.ensureBanner(d.task_uuid, d.task);
        let msg = `included: ${d.included_file} for ${d.hosts.join(', ')}`;
        if (d.item_label !== undefined) msg += ` => (item=${d.item_label})`;
        this.display(msg, COLOR.skip);
        break;
      }
      case 'playbook_on_notify':
        if (this.verbosity >= 1) {
          const via = e.event_data.via_listen ? ` (listen: ${e.event_data.notified_as})` : '';
          this.display(`NOTIFIED HANDLER ${e.event_data.handler} for ${e.event_data.host}${via}`);
        }
        break;
      case 'playbook_on_no_hosts_matched':
        this.display('skipping: no hosts matched', COLOR.skip);
        break;
      case 'playbook_on_no_hosts_remaining':
        this.banner('NO MORE HOSTS LEFT');
        break;
      case 'playbook_on_stats':
        this.stats(e);
        break;
      case 'warning': {
        const m = e.event_data.message;
        if (!this.warned.has(m)) {
          this.warned.add(m);
          this.display(`[WARNING]: ${m}`, COLOR.warn, 'stderr');
        }
        break;
      }
      case 'verbose':
        if (this.verbosity >= e.event_data.verbosity) this.display(e.event_data.message);
        break;
      case 'error':
        this.display(`ERROR! ${e.event_data.message}`, COLOR.error, 'stderr');
        break;
      case 'playbook_on_handlers_flush':
        if (this.verbosity >= 2) {
          for (const h of e.event_data.hosts) {
            this.display(`FLUSHING HANDLERS (${e.event_data.reason}) for ${h}: ${e.event_data.pending[h]?.join(', ') || 'none pending'}`);
          }
        }
        break;
      case 'playbook_on_handler_dropped':
        if (this.verbosity >= 1) {
          this.display(`DROPPED HANDLER ${e.event_data.handler} for ${e.event_data.host} (${e.event_data.reason.replace('_', ' ')})`);
        }
        break;
      case 'playbook_on_start':
      case 'runner_on_start':
        break;
    }
  }

  private result(e: ResultEvent): void {
    const d = e.event_data;
    const res = d.res;
    const isLoop = Array.isArray(res['results']);
    const action = d.task_action;
    switch (e.event) {
      case 'runner_on_ok': {
        this.ensureBanner(d.task_uuid, d.task);
        if (action === 'include_tasks' || action === 'include_role') return;
        const changed = res['changed'] === true;
        let msg = `${changed ? 'changed' : 'ok'}: [${d.host}]`;
        if (isLoop) return;
        if (this.verbose(res)) msg += ` => ${this.dump(res, action)}`;
        this.display(msg, changed ? COLOR.changed : COLOR.ok);
        return;
      }
      case 'runner_on_failed':
        this.ensureBanner(d.task_uuid, d.task);
        if (!isLoop) this.display(`fatal: [${d.host}]: FAILED! => ${this.dump(res, action)}`, COLOR.error);
        if (d.ignore_errors) this.display('...ignoring', COLOR.skip);
        return;
      case 'runner_on_skipped': {
        this.ensureBanner(d.task_uuid, d.task);
        let msg = `skipping: [${d.host}]`;
        const shown = isLoop ? Object.fromEntries(Object.entries(res).filter(([k]) => k !== 'results')) : res;
        if (this.verbose(res)) msg += ` => ${this.dump(shown, action)}`;
        this.display(msg, COLOR.skip);
        return;
      }
      case 'runner_on_unreachable':
        this.ensureBanner(d.task_uuid, d.task);
        this.display(`fatal: [${d.host}]: UNREACHABLE! => ${this.dump(res, action)}`, COLOR.unreachable);
        if (d.ignore_errors) this.display('...ignoring', COLOR.skip);
        return;
    }
  }

  private item(e: ItemEvent): void {
    const d = e.event_data;
    const res = d.res;
    this.ensureBanner(d.task_uuid, d.task);
    switch (e.event) {
      case 'runner_item_on_ok': {
        if (d.task_action === 'include_tasks') return;
        const changed = res['changed'] === true;
        let msg = `${changed ? 'changed' : 'ok'}: [${d.host}] => (item=${d.item_label})`;
        if (this.verbose(res)) msg += ` => ${this.dump(res, d.task_action)}`;
        this.display(msg, changed ? COLOR.changed : COLOR.ok);
        return;
      }
      case 'runner_item_on_failed':
        this.display(`failed: [${d.host}] (item=${d.item_label}) => ${this.dump(res, d.task_action)}`, COLOR.error);
        return;
      case 'runner_item_on_skipped': {
        let msg = `skipping: [${d.host}] => (item=${d.item_label}) `;
        if (this.verbose(res)) msg += ` => ${this.dump(res, d.task_action)}`;
        this.display(msg, COLOR.skip);
        return;
      }
    }
  }

  private stats(e: JobEventOf<'playbook_on_stats'>): void {
    const d = e.event_data;
    this.banner('PLAY RECAP');
    const hosts = Object.keys(d.processed).sort();
    const n = (m: Record<string, number>, h: string) => m[h] ?? 0;
    for (const h of hosts) {
      const t = {
        ok: n(d.ok, h), changed: n(d.changed, h), unreachable: n(d.dark, h), failed: n(d.failures, h),
        skipped: n(d.skipped, h), rescued: n(d.rescued, h), ignored: n(d.ignored, h),
      };
      const field = (k: keyof typeof t, color: ColorName) => {
        const s = `${k}=${String(t[k]).padEnd(4)}`;
        return t[k] !== 0 && this.color ? stringc(s, color) : s;
      };
      let host: string;
      if (!this.color) host = h.padEnd(26);
      else {
        const c = t.failed || t.unreachable ? COLOR.error : t.changed ? COLOR.changed : COLOR.ok;
        host = stringc(h, c).padEnd(37);
      }
      const line = [
        field('ok', COLOR.ok), field('changed', COLOR.changed), field('unreachable', COLOR.unreachable),
        field('failed', COLOR.error), field('skipped', COLOR.skip), field('rescued', COLOR.ok), field('ignored', COLOR.warn),
      ].join(' ');
      this.write(`${host} : ${line}\n`, 'stdout');
    }
    this.write('\n', 'stdout');
  }
}
