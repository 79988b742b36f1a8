/** Survey answers as typed (strings, or lists for multiselect) → typed values, checked as the API checks them. */
import type { SurveyQuestion } from '../components/resource-types';

export type Answer = string | string[];

export const ENCRYPTED = '$encrypted$';

/** The answer the dialog starts with: the question's default (never a stored password). */
export function initialAnswer(q: SurveyQuestion): Answer {
  if (q.type === 'multiselect') return Array.isArray(q.default) ? q.default.map(String) : typeof q.default === 'string' && q.default ? q.default.split('\n') : [];
  if (q.type === 'password' && q.default === ENCRYPTED) return '';
  return q.default === undefined || q.default === null ? '' : String(q.default);
}

export type Checked = { ok: true; value: unknown } | { ok: false; error: string };

/** undefined value: send nothing (the API applies the default). */
export function checkAnswer(q: SurveyQuestion, answer: Answer): Checked {
  const hasStoredDefault = q.type === 'password' && q.default === ENCRYPTED;
  if (Array.isArray(answer)) {
    if (answer.length === 0) return q.required ? { ok: false, error: 'Choose at least one' } : { ok: true, value: undefined };
    const bad = answer.filter((a) => !(q.choices ?? []).includes(a));
    return bad.length ? { ok: false, error: `not among the choices: ${bad.join(', ')}` } : { ok: true, value: answer };
  }
  if (answer === '' || (q.type !== 'textarea' && q.type !== 'password' && answer.trim() === '')) {
    if (q.required && !hasStoredDefault) return { ok: false, error: 'This answer is required' };
    return { ok: true, value: undefined };
  }
  const range = (n: number): Checked =>
    (q.min != null && n < q.min) || (q.max != null && n > q.max) ? { ok: false, error: `must be between ${q.min ?? '-∞'} and ${q.max ?? '∞'}` } : { ok: true, value: n };
  switch (q.type) {
    case 'integer':
      return /^-?\d+$/.test(answer.trim()) ? range(Number(answer.trim())) : { ok: false, error: 'must be a whole number' };
    case 'float': {
      const n = Number(answer.trim());
      return answer.trim() !== '' && Number.isFinite(n) ? range(n) : { ok: false, error: 'must be a number' };
    }
    case 'multiplechoice':
      return (q.choices ?? []).includes(answer) ? { ok: true, value: answer } : { ok: false, error: `must be one of: ${(q.choices ?? []).join(', ')}` };
    default: {
      if (q.min != null && answer.length < q.min) return { ok: false, error: `must be at least ${q.min} characters` };
      if (q.max != null && answer.length > q.max) return { ok: false, error: `must be at most ${q.max} characters` };
      return { ok: true, value: answer };
    }
  }
}
