// Python datetime/timedelta (naive), strftime and strptime, enough for now(), to_datetime and strftime.

import { PyTypeError, PyValueError } from './errors.js';
import { MISSING, PyFunction, PyObject, mkFloat, toNum, type PyDict } from './py-types.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const US_PER_DAY = 86400e6;

export interface DtParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

function pad(n: number, w = 2, c = '0'): string {
  return String(n).padStart(w, c);
}

function partsFromUs(us: number): DtParts {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: us - Math.floor(us / 1e6) * 1e6,
  };
}

function usFromParts(p: DtParts): number {
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second, 0);
  return d.getTime() * 1000 + p.microsecond;
}

function weekdayMon0(p: DtParts): number {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  d.setUTCFullYear(p.year);
  return (d.getUTCDay() + 6) % 7;
}

function dayOfYear(p: DtParts): number {
  const start = Date.UTC(p.year, 0, 1);
  const cur = Date.UTC(p.year, p.month - 1, p.day);
  return Math.round((cur - start) / 86400000) + 1;
}

function isoWeek(p: DtParts): [number, number] {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dayNum = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dayNum + 3);
  const isoYear = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(isoYear, 0, 4));
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / 86400000 / 7 - ((firstThursday.getUTCDay() + 6) % 7) / 7 + 3 / 7);
  return [isoYear, Math.floor(week)];
}

/** C/Python strftime on broken-down time. `epoch` is the POSIX timestamp (for %s), `tz` the zone name. */
export function strftime(fmt: string, p: DtParts, epoch?: number, tz = '', offsetMin?: number): string {
  const wd = weekdayMon0(p);
  return fmt.replace(/%([-_0^#]?)([a-zA-Z%])/g, (m, flag: string, c: string) => {
    const num = (n: number, w: number) => (flag === '-' ? String(n) : flag === '_' ? pad(n, w, ' ') : pad(n, w));
    switch (c) {
      case 'a':
        return DAYS[wd].slice(0, 3);
      case 'A':
        return DAYS[wd];
      case 'w':
        return String((wd + 1) % 7);
      case 'u':
        return String(wd + 1);
      case 'd':
        return num(p.day, 2);
      case 'e':
        return flag === '-' ? String(p.day) : pad(p.day, 2, ' ');
      case 'b':
      case 'h':
        return MONTHS[p.month - 1].slice(0, 3);
      case 'B':
        return MONTHS[p.month - 1];
      case 'm':
        return num(p.month, 2);
      case 'y':
        return num(p.year % 100, 2);
      case 'Y':
        return String(p.year);
      case 'C':
        return num(Math.floor(p.year / 100), 2);
      case 'H':
        return num(p.hour, 2);
      case 'k':
        return pad(p.hour, 2, ' ');
      case 'I':
        return num(p.hour % 12 || 12, 2);
      case 'l':
        return pad(p.hour % 12 || 12, 2, ' ');
      case 'p':
        return p.hour < 12 ? 'AM' : 'PM';
      case 'P':
        return p.hour < 12 ? 'am' : 'pm';
      case 'M':
        return num(p.minute, 2);
      case 'S':
        return num(p.second, 2);
      case 'f':
        return pad(p.microsecond, 6);
      case 'j':
        return num(dayOfYear(p), 3);
      case 'U': {
        const doy = dayOfYear(p) - 1;
        const sun0 = (wd + 1) % 7;
        return num(Math.floor((doy + 7 - sun0) / 7), 2);
      }
      case 'W': {
        const doy = dayOfYear(p) - 1;
        return num(Math.floor((doy + 7 - wd) / 7), 2);
      }
      case 'V':
        return num(isoWeek(p)[1], 2);
      case 'G':
        return String(isoWeek(p)[0]);
      case 'g':
        return num(isoWeek(p)[0] % 100, 2);
      case 'c':
        return `${DAYS[wd].slice(0, 3)} ${MONTHS[p.month - 1].slice(0, 3)} ${pad(p.day, 2, ' ')} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${p.year}`;
      case 'x':
      case 'D':
        return `${pad(p.month)}/${pad(p.day)}/${pad(p.year % 100)}`;
      case 'X':
      case 'T':
        return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
      case 'F':
        return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
      case 'R':
        return `${pad(p.hour)}:${pad(p.minute)}`;
      case 'r':
        return `${pad(p.hour % 12 || 12)}:${pad(p.minute)}:${pad(p.second)} ${p.hour < 12 ? 'AM' : 'PM'}`;
      case 's':
        return epoch === undefined ? m : String(Math.floor(epoch));
      case 'z': {
        if (offsetMin === undefined) return '';
        const sign = offsetMin < 0 ? '-' : '+';
        const a = Math.abs(offsetMin);
        return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
      }
      case 'Z':
        return tz;
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return m;
    }
  });
}

export class PyTimedelta extends PyObject {
  constructor(readonly us: number) {
    super();
  }
  get pyType(): string {
    return 'timedelta';
  }
  get days(): number {
    return Math.floor(this.us / US_PER_DAY);
  }
  override getattr(name: string): unknown {
    const rem = this.us - this.days * US_PER_DAY;
    switch (name) {
      case 'days':
        return this.days;
      case 'seconds':
        return Math.floor(rem / 1e6);
      case 'microseconds':
        return rem % 1e6;
      case 'total_seconds':
        return new PyFunction('total_seconds', () => mkFloat(this.us / 1e6));
      default:
        return MISSING;
    }
  }
  override pyStr(): string {
    const days = this.days;
    let rem = this.us - days * US_PER_DAY;
    const us = rem % 1e6;
    rem = Math.floor(rem / 1e6);
    const s = `${Math.floor(rem / 3600)}:${pad(Math.floor((rem % 3600) / 60))}:${pad(rem % 60)}${us ? `.${pad(us, 6)}` : ''}`;
    return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${s}` : s;
  }
  override pyRepr(): string {
    const days = this.days;
    const rem = this.us - days * US_PER_DAY;
    const parts: string[] = [];
    if (days) parts.push(`days=${days}`);
    if (Math.floor(rem / 1e6)) parts.push(`seconds=${Math.floor(rem / 1e6)}`);
    if (rem % 1e6) parts.push(`microseconds=${rem % 1e6}`);
    return `datetime.timedelta(${parts.join(', ')})`;
  }
  override pyBool(): boolean {
    return this.us !== 0;
  }
  pyEq(o: unknown): boolean {
    return o instanceof PyTimedelta && o.us === this.us;
  }
  pyCmp(o: unknown): number | undefined {
    return o instanceof PyTimedelta ? Math.sign(this.us - o.us) : undefined;
  }
  pyAdd(o: unknown): unknown {
    if (o instanceof PyTimedelta) return new PyTimedelta(this.us + o.us);
    if (o instanceof PyDatetime) return new PyDatetime(o.us + this.us);
    throw new PyTypeError(`unsupported operand type(s) for +: 'datetime.timedelta' and '${typeof o}'`);
  }
  pySub(o: unknown): unknown {
    return o instanceof PyTimedelta ? new PyTimedelta(this.us - o.us) : undefined;
  }
}

export class PyDatetime extends PyObject {
  constructor(
    /** Naive wall-clock time as microseconds since 1970-01-01T00:00 (no zone). */
    readonly us: number,
    readonly dateOnly = false,
  ) {
    super();
  }
  static now(utc: boolean): PyDatetime {
    const d = new Date();
    if (utc) return new PyDatetime(d.getTime() * 1000);
    const local = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
    return new PyDatetime(local * 1000);
  }
  static fromParts(p: DtParts): PyDatetime {
    return new PyDatetime(usFromParts(p));
  }
  get parts(): DtParts {
    return partsFromUs(this.us);
  }
  get pyType(): string {
    return this.dateOnly ? 'date' : 'datetime';
  }
  /** POSIX timestamp, interpreting the naive time as local time (Python's datetime.timestamp()). */
  timestamp(): number {
    const p = this.parts;
    return new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second).getTime() / 1000 + p.microsecond / 1e6;
  }
  isoformat(sep = 'T'): string {
    const p = this.parts;
    const date = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
    if (this.dateOnly) return date;
    return `${date}${sep}${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.microsecond ? `.${pad(p.microsecond, 6)}` : ''}`;
  }
  override getattr(name: string): unknown {
    const p = this.parts;
    switch (name) {
      case 'year':
      case 'month':
      case 'day':
        return p[name];
      case 'hour':
      case 'minute':
      case 'second':
      case 'microsecond':
        return this.dateOnly ? MISSING : p[name];
      case 'tzinfo':
        return null;
      case 'strftime':
        return new PyFunction('strftime', (args) => {
          if (typeof args[0] !== 'string') throw new PyTypeError('strftime() argument 1 must be str');
          return strftime(args[0], p, this.timestamp());
        });
      case 'isoformat':
        return new PyFunction('isoformat', (args) => this.isoformat(typeof args[0] === 'string' ? args[0] : 'T'));
      case 'timestamp':
        return new PyFunction('timestamp', () => mkFloat(this.timestamp()));
      case 'date':
        return new PyFunction('date', () => new PyDatetime(Math.floor(this.us / US_PER_DAY) * US_PER_DAY, true));
      case 'weekday':
        return new PyFunction('weekday', () => weekdayMon0(p));
      case 'isoweekday':
        return new PyFunction('isoweekday', () => weekdayMon0(p) + 1);
      case 'replace':
        return new PyFunction('replace', (_a, kw: PyDict) => {
          const q = { ...p } as unknown as Record<string, number>;
          for (const [k, v] of Object.entries(kw)) {
            if (!(k in q)) throw new PyTypeError(`'${k}' is an invalid keyword argument for replace()`);
            q[k] = toNum(v);
          }
          return PyDatetime.fromParts(q as unknown as DtParts);
        });
      default:
        return MISSING;
    }
  }
  override pyStr(): string {
    return this.isoformat(' ');
  }
  override pyRepr(): string {
    const p = this.parts;
    const fields = [p.year, p.month, p.day];
    if (!this.dateOnly) {
      fields.push(p.hour, p.minute);
      if (p.second || p.microsecond) fields.push(p.second);
      if (p.microsecond) fields.push(p.microsecond);
    }
    return `datetime.${this.pyType}(${fields.join(', ')})`;
  }
  pyEq(o: unknown): boolean {
    return o instanceof PyDatetime && o.us === this.us;
  }
  pyCmp(o: unknown): number | undefined {
    return o instanceof PyDatetime ? Math.sign(this.us - o.us) : undefined;
  }
  pySub(o: unknown): unknown {
    if (o instanceof PyDatetime) return new PyTimedelta(this.us - o.us);
    if (o instanceof PyTimedelta) return new PyDatetime(this.us - o.us);
    return undefined;
  }
  pyAdd(o: unknown): unknown {
    if (o instanceof PyTimedelta) return new PyDatetime(this.us + o.us);
    throw new PyTypeError(`unsupported operand type(s) for +: 'datetime.datetime' and '${typeof o}'`);
  }
}

/** Broken-down local (or UTC) time of a POSIX timestamp. */
export function localParts(epochSeconds: number, utc: boolean): { parts: DtParts; offsetMin: number; tz: string } {
  const d = new Date(epochSeconds * 1000);
  if (utc) {
    return {
      parts: {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
        microsecond: 0,
      },
      offsetMin: 0,
      tz: 'GMT',
    };
  }
  const tzName = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '';
  return {
    parts: {
      year: d.getFullYear(),
      month: d.getMonth() + 1,
      day: d.getDate(),
      hour: d.getHours(),
      minute: d.getMinutes(),
      second: d.getSeconds(),
      microsecond: 0,
    },
    offsetMin: -d.getTimezoneOffset(),
    tz: tzName === 'UTC' || tzName === 'GMT' ? 'UTC' : tzName,
  };
}

/** datetime.strptime(string, format). */
export function strptime(s: string, fmt: string): PyDatetime {
  const p: DtParts = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 };
  let pm: boolean | undefined;
  let re = '';
  const fields: string[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '%' && i + 1 < fmt.length) {
      const d = fmt[++i];
      const num = (w: number) => {
        fields.push(d);
        return `(\\d{1,${w}})`;
      };
      switch (d) {
        case 'Y':
          fields.push(d);
          re += '(\\d{4})';
          break;
        case 'm':
        case 'd':
        case 'H':
        case 'M':
        case 'S':
        case 'y':
        case 'I':
          re += num(2);
          break;
        case 'j':
          re += num(3);
          break;
        case 'f':
          re += num(6);
          break;
        case 'b':
        case 'h':
        case 'B':
          fields.push('b');
          re += `(${MONTHS.map((m) => m).join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')})`;
          break;
        case 'a':
        case 'A':
          fields.push('a');
          re += `(${DAYS.join('|')}|${DAYS.map((x) => x.slice(0, 3)).join('|')})`;
          break;
        case 'p':
          fields.push('p');
          re += '(AM|PM|am|pm)';
          break;
        case 'z':
          fields.push('z');
          re += '([+-]\\d{2}:?\\d{2}|Z)?';
          break;
        case 'Z':
          fields.push('Z');
          re += '([A-Za-z]+)?';
          break;
        case '%':
          re += '%';
          break;
        default:
          throw new PyValueError(`'${d}' is a bad directive in format '${fmt}'`);
      }
    } else if (/\s/.test(c)) re += '\\s+';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`, 'i').exec(s);
  if (!m) throw new PyValueError(`time data ${JSON.stringify(s).replace(/^"|"$/g, "'")} does not match format '${fmt}'`);
  fields.forEach((f, i) => {
    const v = m[i + 1];
    if (v === undefined) return;
    switch (f) {
      case 'Y':
        p.year = parseInt(v, 10);
        break;
      case 'y': {
        const n = parseInt(v, 10);
        p.year = n < 69 ? 2000 + n : 1900 + n;
        break;
      }
      case 'm':
        p.month = parseInt(v, 10);
        break;
      case 'd':
        p.day = parseInt(v, 10);
        break;
      case 'H':
      case 'I':
        p.hour = parseInt(v, 10);
        break;
      case 'M':
        p.minute = parseInt(v, 10);
        break;
      case 'S':
        p.second = parseInt(v, 10);
        break;
      case 'f':
        p.microsecond = parseInt(v.padEnd(6, '0'), 10);
        break;
      case 'b': {
        const idx = MONTHS.findIndex((mm) => mm.toLowerCase().startsWith(v.toLowerCase().slice(0, 3)));
        p.month = idx + 1;
        break;
      }
      case 'p':
        pm = v.toLowerCase() === 'pm';
        break;
      default:
    }
  });
  if (pm !== undefined && fmt.includes('%I')) {
    if (pm && p.hour < 12) p.hour += 12;
    if (!pm && p.hour === 12) p.hour = 0;
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 || p.second > 61) {
    throw new PyValueError(`time data ${JSON.stringify(s).replace(/^"|"$/g, "'")} does not match format '${fmt}'`);
  }
  return PyDatetime.fromParts(p);
}

