/**
 * The survey editor: questions with AWX's types, required flag, default, choices and min/max. Drafts
 * hold text as typed; `specFromDrafts` turns them into the API's survey_spec and reports problems keyed
 * as the API keys them (`survey_spec.spec.<n>.<field>`), so client and API errors land on the same input.
 */
import { useRef } from 'react';
import { CheckboxField, SelectField, TextField } from '../components/field';
import type { FieldErrors } from '../components/errors';
import { QUESTION_TYPES, type QuestionType, type SurveyQuestion, type SurveySpec } from '../components/resource-types';

export const ENCRYPTED = '$encrypted$';

export interface QuestionDraft {
  key: number;
  question_name: string;
  question_description: string;
  variable: string;
  required: boolean;
  type: QuestionType;
  /** multiselect: one choice per line */
  default: string;
  /** one per line */
  choices: string;
  min: string;
  max: string;
  /** a password default is stored on the server */
  storedPassword: boolean;
}

export const TYPE_LABELS: Record<QuestionType, string> = {
  text: 'Text',
  textarea: 'Textarea',
  password: 'Password',
  integer: 'Integer',
  float: 'Float',
  multiplechoice: 'Multiple choice (single select)',
  multiselect: 'Multiple choice (multiple select)',
};

const isChoice = (t: QuestionType) => t === 'multiplechoice' || t === 'multiselect';
const isNumeric = (t: QuestionType) => t === 'integer' || t === 'float';

let nextKey = 1;

export function emptyQuestion(): QuestionDraft {
  return { key: nextKey++, question_name: '', question_description: '', variable: '', required: false, type: 'text', default: '', choices: '', min: '', max: '', storedPassword: false };
}

export function draftsFromSpec(spec: SurveySpec | null | undefined): QuestionDraft[] {
  return (spec?.spec ?? []).map((q) => {
    const storedPassword = q.type === 'password' && q.default === ENCRYPTED;
    let def = '';
    if (Array.isArray(q.default)) def = q.default.map(String).join('\n');
    else if (q.default !== undefined && q.default !== null && !storedPassword) def = String(q.default);
    return {
      key: nextKey++,
      question_name: q.question_name,
      question_description: q.question_description ?? '',
      variable: q.variable,
      required: q.required,
      type: q.type,
      default: def,
      choices: (q.choices ?? []).join('\n'),
      min: q.min === null || q.min === undefined ? '' : String(q.min),
      max: q.max === null || q.max === undefined ? '' : String(q.max),
      storedPassword,
    };
  });
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The survey_spec to send (null for no questions) and what is wrong with the drafts. */
export function specFromDrafts(drafts: readonly QuestionDraft[]): { spec: SurveySpec | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  const spec: SurveyQuestion[] = drafts.map((d, i) => {
    const p = `survey_spec.spec.${i}`;
    if (!d.question_name.trim()) errors[`${p}.question_name`] = 'Question is required';
    const variable = d.variable.trim();
    if (!variable) errors[`${p}.variable`] = 'Answer variable name is required';
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) errors[`${p}.variable`] = 'must start with a letter or _ and hold only letters, digits and _';
    else if (seen.has(variable)) errors[`${p}.variable`] = `'${variable}' is used by another question`;
    seen.add(variable);
    const q: SurveyQuestion = { question_name: d.question_name.trim(), question_description: d.question_description, variable, required: d.required, type: d.type };
    const bound = (field: 'min' | 'max', raw: string): number | null => {
      const t = raw.trim();
      if (!t) return null;
      if (!/^-?\d+$/.test(t)) {
        errors[`${p}.${field}`] = 'must be a whole number';
        return null;
      }
      return Number(t);
    };
    if (!isChoice(d.type)) {
      q.min = bound('min', d.min);
      q.max = bound('max', d.max);
      if (q.min !== null && q.max !== null && q.min! > q.max!) errors[`${p}.min`] = 'must not be greater than the maximum';
    }
    const choices = lines(d.choices);
    if (isChoice(d.type)) {
      if (choices.length === 0) errors[`${p}.choices`] = 'Choices are required for this type (one per line)';
      q.choices = choices;
    }
    const def = d.default.trim();
    if (d.type === 'password' && d.storedPassword && d.default === '') q.default = ENCRYPTED;
    else if (def !== '') {
      if (d.type === 'integer') {
        if (!/^-?\d+$/.test(def)) errors[`${p}.default`] = 'must be a whole number';
        else q.default = Number(def);
      } else if (d.type === 'float') {
        if (!Number.isFinite(Number(def))) errors[`${p}.default`] = 'must be a number';
        else q.default = Number(def);
      } else if (d.type === 'multiplechoice') {
        if (!choices.includes(def)) errors[`${p}.default`] = `'${def}' is not one of the choices`;
        q.default = def;
      } else if (d.type === 'multiselect') {
        const values = lines(d.default);
        const bad = values.filter((v) => !choices.includes(v));
        if (bad.length) errors[`${p}.default`] = `not among the choices: ${bad.join(', ')}`;
        q.default = values;
      } else {
        const v = d.type === 'textarea' ? d.default : d.default.trim();
        if (q.min != null && v.length < q.min) errors[`${p}.default`] = `must be at least ${q.min} characters`;
        if (q.max != null && v.length > q.max) errors[`${p}.default`] = `must be at most ${q.max} characters`;
        q.default = v;
      }
      if (isNumeric(d.type) && typeof q.default === 'number') {
        if ((q.min != null && q.default < q.min) || (q.max != null && q.default > q.max)) errors[`${p}.default`] = `must be between ${q.min ?? '-∞'} and ${q.max ?? '∞'}`;
      }
    }
    return q;
  });
  return { spec: spec.length ? { name: '', description: '', spec } : null, errors };
}

export function SurveyEditor({ questions, onChange, errors }: { questions: QuestionDraft[]; onChange(q: QuestionDraft[]): void; errors: FieldErrors }) {
  const addRef = useRef<HTMLButtonElement>(null);
  const update = (i: number, patch: Partial<QuestionDraft>) => onChange(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const move = (i: number, by: number) => {
    const next = [...questions];
    const [q] = next.splice(i, 1);
    next.splice(i + by, 0, q!);
    onChange(next);
  };
  return (
    <div className="survey-editor">
      {questions.length === 0 ? <p className="muted">No questions yet.</p> : null}
      {questions.map((q, i) => {
        const e = (f: string) => errors[`survey_spec.spec.${i}.${f}`];
        const n = i + 1;
        return (
          <fieldset key={q.key} className="group question">
            <legend>Question {n}</legend>
            <div className="grid-2">
              <TextField label="Question" value={q.question_name} onChange={(v) => update(i, { question_name: v })} error={e('question_name')} required />
              <TextField label="Answer variable name" value={q.variable} onChange={(v) => update(i, { variable: v })} error={e('variable')} required monospace />
              <TextField label="Question description" value={q.question_description} onChange={(v) => update(i, { question_description: v })} error={e('question_description')} />
              <SelectField
                label="Answer type"
                value={q.type}
                onChange={(v) => update(i, { type: v as QuestionType, storedPassword: false })}
                options={QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
                error={e('type')}
              />
            </div>
            {isChoice(q.type) ? (
              <TextField label="Choices" multiline rows={4} value={q.choices} onChange={(v) => update(i, { choices: v })} error={e('choices')} required hint="One choice per line." />
            ) : (
              <div className="grid-2">
                <TextField
                  label={isNumeric(q.type) ? 'Minimum' : 'Minimum length'}
                  type="number"
                  value={q.min}
                  onChange={(v) => update(i, { min: v })}
                  error={e('min')}
                />
                <TextField label={isNumeric(q.type) ? 'Maximum' : 'Maximum length'} type="number" value={q.max} onChange={(v) => update(i, { max: v })} error={e('max')} />
              </div>
            )}
            <TextField
              label="Default answer"
              type={q.type === 'password' ? 'password' : isNumeric(q.type) ? 'number' : 'text'}
              multiline={q.type === 'textarea' || q.type === 'multiselect'}
              rows={3}
              value={q.default}
              onChange={(v) => update(i, { default: v })}
              error={e('default')}
              placeholder={q.storedPassword ? 'Stored (encrypted), unchanged' : undefined}
              hint={q.type === 'multiselect' ? 'One choice per line.' : q.storedPassword ? 'Leave empty to keep the stored default.' : undefined}
            />
            <CheckboxField label="Required" checked={q.required} onChange={(v) => update(i, { required: v })} error={e('required')} />
            <div className="actions">
              <button type="button" className="secondary" aria-label={`Move question ${n} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                Move up
              </button>
              <button type="button" className="secondary" aria-label={`Move question ${n} down`} disabled={i === questions.length - 1} onClick={() => move(i, 1)}>
                Move down
              </button>
              <button
                type="button"
                className="danger"
                aria-label={`Remove question ${n}`}
                onClick={() => {
                  onChange(questions.filter((_, j) => j !== i));
                  addRef.current?.focus();
                }}
              >
                Remove
              </button>
            </div>
          </fieldset>
        );
      })}
      <button ref={addRef} type="button" className="secondary" onClick={() => onChange([...questions, emptyQuestion()])}>
        Add question
      </button>
    </div>
  );
}
