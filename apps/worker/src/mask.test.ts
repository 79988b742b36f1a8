import { describe, expect, it } from 'vitest';
import { jsonLogger } from './logger.js';
import { MASK, Masker } from './mask.js';

describe('Masker', () => {
  it('replaces every registered secret, longest first', () => {
    const m = new Masker(['hunter2', 'hunter22']);
    expect(m.mask('pw=hunter22 then hunter2.')).toBe(`pw=${MASK} then ${MASK}.`);
  });

  it('masks each line of a multi-line secret, and ignores values too short to mask', () => {
    const key = '-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----';
    const m = new Masker([key, 'ab']);
    expect(m.mask(`got ${key}`)).toBe(`got ${MASK}`);
    expect(m.mask('line: AAAABBBBCCCC')).toBe(`line: ${MASK}`);
    expect(m.mask('ab cab')).toBe('ab cab');
  });

  it('masks deeply (keys too) and leaves values alone when there is nothing to mask', () => {
    const m = new Masker(['s3cret']);
    const data = { res: { stdout: 'token s3cret', list: ['a', 's3cret', 3, null], s3cret: true }, n: 1 };
    expect(m.maskDeep(data)).toEqual({ res: { stdout: `token ${MASK}`, list: ['a', MASK, 3, null], [MASK]: true }, n: 1 });
    expect(data.res.stdout).toBe('token s3cret');
    const none = new Masker();
    expect(none.active).toBe(false);
    expect(none.maskDeep(data)).toBe(data);
    expect(none.mask('s3cret')).toBe('s3cret');
  });

  it('is applied to log lines', () => {
    const lines: string[] = [];
    const m = new Masker(['s3cret']);
    jsonLogger((l) => lines.push(l), m.mask).child({ jobId: 1 }).warn('oops s3cret', { detail: 'x s3cret' });
    expect(lines.join('')).not.toContain('s3cret');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: `oops ${MASK}`, jobId: 1, detail: `x ${MASK}` });
  });
});
