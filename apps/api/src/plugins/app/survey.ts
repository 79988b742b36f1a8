/**
 * Surveys (AWX's survey_spec): validation when a template is saved, and answer checking at launch.
 * Choices are stored as JSON arrays (a newline-separated string is accepted and converted). Password
 * defaults are stored encrypted and shown as "$encrypted$"; sending "$encrypted$" back keeps them.
 */
import type { FieldErrors } from '../../errors.js';
import { ENCRYPTED_PLACEHOLDER, isEncrypted, type SecretBox } from './secret-box.js';

export const QUESTION_TYPES = ['text', 'textarea', 'password', 'integer', 'float', 'multiplechoice', 'multiselect'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Question {
  question_name: string;
  question_description?: string;
  variable: string;
  required: boolean;
  type: QuestionType;
  default?: unknown;
  min?: number | null;
  max?: number | null;
  choices?: string[];
}

export interface SurveySpec {
  name: string;
  description: string;
  spec: Question[];
}

const SURVEY_PURPOSE = (variable: string) => `survey:${variable}`;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const TEXT_TYPES = new Set<QuestionType>(['text', 'textarea', 'password']);

function normChoices(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string') return raw.split('\n').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(raw) && raw.every((c) => typeof c === 'string')) return raw.map((c) => c.trim()).filter(Boolean);
  return undefined;
}

/**
 * Validates a survey spec as AWX does on save and returns it normalized (choices as arrays, password
 * defaults encrypted). `previous` supplies the stored password defaults that "$encrypted$" keeps.
 */
export function validateSurveySpec(raw: unknown, box: SecretBox, previous: SurveySpec | null, errors: FieldErrors, base = 'survey_spec'): SurveySpec | null {
  if (raw === null) return null;
  if (!isObj(raw)) {
    errors[base] = 'must be an object {name, description, spec}';
    return null;
  }
  for (const k of Object.keys(raw)) if (!['name', 'description', 'spec'].includes(k)) errors[`${base}.${k}`] = 'unknown field';
  if (typeof raw['name'] !== 'string') errors[`${base}.name`] = 'is required (a string)';
  if (typeof raw['description'] !== 'string') errors[`${base}.description`] = 'is required (a string)';
  const spec = raw['spec'];
  if (!Array.isArray(spec) || spec.length === 0) {
    errors[`${base}.spec`] = 'must be a non-empty list of questions';
    return null;
  }
  if (spec.length > 200) errors[`${base}.spec`] = 'has too many questions (at most 200)';
  const seen = new Set<string>();
  const out: Question[] = [];
  spec.forEach((q, i) => {
    const p = `${base}.spec.${i}`;
    if (!isObj(q)) {
      errors[p] = 'must be an object';
      return;
    }
    const allowed = ['question_name', 'question_description', 'variable', 'required', 'type', 'default', 'min', 'max', 'choices', 'new_question'];
    for (const k of Object.keys(q)) if (!allowed.includes(k)) errors[`${p}.${k}`] = 'unknown field';
    const name = q['question_name'];
    if (typeof name !== 'string' || !name.trim()) errors[`${p}.question_name`] = 'is required';
    const variable = q['variable'];
    if (typeof variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      errors[`${p}.variable`] = 'must be a valid variable name';
      return;
    }
    if (seen.has(variable)) errors[`${p}.variable`] = `'${variable}' is used by another question`;
    seen.add(variable);
    const required = q['required'] ?? false;
    if (typeof required !== 'boolean') errors[`${p}.required`] = 'must be true or false';
    const type = q['type'];
    if (typeof type !== 'string' || !(QUESTION_TYPES as readonly string[]).includes(type)) {
      errors[`${p}.type`] = `must be one of ${QUESTION_TYPES.join(', ')}`;
      return;
    }
    const t = type as QuestionType;
    const question: Question = { question_name: String(name ?? ''), variable, required: required === true, type: t };
    if (q['question_description'] !== undefined) {
      if (typeof q['question_description'] !== 'string') errors[`${p}.question_description`] = 'must be a string';
      else question.question_description = q['question_description'];
    }
    for (const bound of ['min', 'max'] as const) {
      const v = q[bound];
      if (v === undefined || v === null || v === '') continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) errors[`${p}.${bound}`] = 'must be an integer or null';
      else question[bound] = v;
    }
    if (question.min != null && question.max != null && question.min > question.max) errors[`${p}.min`] = 'must not be greater than max';
    const choiceType = t === 'multiplechoice' || t === 'multiselect';
    if (choiceType) {
      const choices = normChoices(q['choices']);
      if (!choices || choices.length === 0) errors[`${p}.choices`] = 'are required for this type (a list of strings)';
      else question.choices = choices;
    } else if (q['choices'] !== undefined && q['choices'] !== '' && q['choices'] !== null) {
      errors[`${p}.choices`] = 'only apply to multiplechoice and multiselect';
    }
    const d = q['default'];
    if (d === undefined || d === '' || d === null) {
      if (d === '') question.default = '';
    } else if (t === 'password' && d === ENCRYPTED_PLACEHOLDER) {
      const old = previous?.spec.find((x) => x.variable === variable && x.type === 'password');
      if (!old || !isEncrypted(old.default)) errors[`${p}.default`] = '"$encrypted$" keeps a stored default, and this question has none';
      else question.default = old.default;
    } else if (d === ENCRYPTED_PLACEHOLDER) {
      errors[`${p}.default`] = '"$encrypted$" is reserved for password defaults';
    } else if (TEXT_TYPES.has(t)) {
      if (typeof d !== 'string') errors[`${p}.default`] = 'must be a string';
      else {
        const err = lengthError(d, question);
        if (err) errors[`${p}.default`] = err;
        else question.default = t === 'password' ? box.encrypt(d, SURVEY_PURPOSE(variable)) : d;
      }
    } else if (t === 'integer') {
      if (typeof d !== 'number' || !Number.isInteger(d)) errors[`${p}.default`] = 'must be an integer';
      else question.default = d;
    } else if (t === 'float') {
      if (typeof d !== 'number' || !Number.isFinite(d)) errors[`${p}.default`] = 'must be a number';
      else question.default = d;
    } else if (t === 'multiplechoice') {
      if (typeof d !== 'string') errors[`${p}.default`] = 'must be one of the choices';
      else if (d.includes('\n')) errors[`${p}.default`] = 'multiplechoice takes at most one default';
      else if (question.choices && !question.choices.includes(d)) errors[`${p}.default`] = `'${d}' is not one of the choices`;
      else question.default = d;
    } else {
      const values = typeof d === 'string' ? d.split('\n').filter(Boolean) : d;
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) errors[`${p}.default`] = 'must be a list of choices';
      else {
        const bad = values.filter((v) => !question.choices?.includes(v));
        if (bad.length) errors[`${p}.default`] = `not among the choices: ${bad.join(', ')}`;
        else question.default = values;
      }
    }
    out.push(question);
  });
  return { name: String(raw['name'] ?? ''), description: String(raw['description'] ?? ''), spec: out };
}

function lengthError(v: string, q: Question): string | undefined {
  if (q.min != null && v.length < q.min) return `must be at least ${q.min} characters`;
  if (q.max != null && v.length > q.max) return `must be at most ${q.max} characters`;
  return undefined;
}

/** The spec as clients see it: password defaults read "$encrypted$". */
export function presentSurveySpec(spec: unknown): SurveySpec | null {
  if (!isObj(spec) || !Array.isArray(spec['spec'])) return null;
  const s = spec as unknown as SurveySpec;
  return { ...s, spec: s.spec.map((q) => (q.type === 'password' && isEncrypted(q.default) ? { ...q, default: ENCRYPTED_PLACEHOLDER } : q)) };
}

export interface SurveyAnswers {
  /** Values for non-secret questions (go into the job's extra vars). */
  values: Record<string, unknown>;
  /** Answers of password questions: never stored in Postgres. */
  secrets: Record<string, string>;
}

/** Checks launch answers (taken from extra_vars) against the survey; errors keyed `extra_vars.<variable>`. */
export function checkSurveyAnswers(spec: SurveySpec, given: Record<string, unknown>, box: SecretBox, errors: FieldErrors): SurveyAnswers {
  const out: SurveyAnswers = { values: {}, secrets: {} };
  for (const q of spec.spec) {
    const key = `extra_vars.${q.variable}`;
    let v = given[q.variable];
    const hasDefault = q.default !== undefined && q.default !== '';
    if (q.type === 'password' && v === ENCRYPTED_PLACEHOLDER) v = undefined;
    if (v === undefined || v === null || v === '') {
      if (!hasDefault) {
        if (q.required) errors[key] = `'${q.variable}' value missing`;
        continue;
      }
      if (q.type === 'password') out.secrets[q.variable] = isEncrypted(q.default) ? box.decrypt(q.default, SURVEY_PURPOSE(q.variable)) : String(q.default);
      else out.values[q.variable] = q.default;
      continue;
    }
    const err = answerError(q, v);
    if (err) {
      errors[key] = err;
      continue;
    }
    if (q.type === 'password') out.secrets[q.variable] = v as string;
    else out.values[q.variable] = v;
  }
  return out;
}

function answerError(q: Question, v: unknown): string | undefined {
  const range = (n: number) =>
    (q.min != null && n < q.min) || (q.max != null && n > q.max) ? `must be between ${q.min ?? '-∞'} and ${q.max ?? '∞'}` : undefined;
  switch (q.type) {
    case 'text':
    case 'textarea':
    case 'password':
      if (typeof v !== 'string') return 'must be a string';
      return lengthError(v, q);
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return 'must be an integer';
      return range(v);
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      return range(v);
    case 'multiplechoice':
      if (typeof v !== 'string' || !q.choices?.includes(v)) return `must be one of: ${q.choices?.join(', ')}`;
      return undefined;
    case 'multiselect': {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return 'must be a list of choices';
      const bad = v.filter((x) => !q.choices?.includes(x));
      return bad.length ? `not among the choices: ${bad.join(', ')}` : undefined;
    }
  }
}

/**
 * A JSON Schema (2020-12) of a survey's answers, for clients that validate before they launch (the
 * server checks answers with checkSurveyAnswers, which applies the same rules).
 */
export function surveyJsonSchema(spec: SurveySpec): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const q of spec.spec) {
    const p: Record<string, unknown> = { title: q.question_name, ...(q.question_description ? { description: q.question_description } : {}) };
    switch (q.type) {
      case 'text':
      case 'textarea':
      case 'password':
        Object.assign(p, { type: 'string' }, q.min != null ? { minLength: q.min } : {}, q.max != null ? { maxLength: q.max } : {}, q.type === 'password' ? { writeOnly: true } : {});
        break;
      case 'integer':
      case 'float':
        Object.assign(p, { type: q.type === 'integer' ? 'integer' : 'number' }, q.min != null ? { minimum: q.min } : {}, q.max != null ? { maximum: q.max } : {});
        break;
      case 'multiplechoice':
        Object.assign(p, { type: 'string', enum: q.choices ?? [] });
        break;
      case 'multiselect':
        Object.assign(p, { type: 'array', items: { type: 'string', enum: q.choices ?? [] }, uniqueItems: true });
        break;
    }
    if (q.default !== undefined && q.default !== '' && q.type !== 'password') p['default'] = q.default;
    properties[q.variable] = p;
    if (q.required && (q.default === undefined || q.default === '')) required.push(q.variable);
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: spec.name, description: spec.description, type: 'object', properties, required };
}
