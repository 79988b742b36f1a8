/** GET /job_templates/:id/launch: what a launch of the template asks for. */
import type { AskFlag, JobType, SurveySpec } from '../components/resource-types';

export interface LaunchInfo extends Record<AskFlag, boolean> {
  can_start_without_user_input: boolean;
  survey_enabled: boolean;
  survey_spec: SurveySpec | null;
  defaults: {
    extra_vars: string;
    limit: string;
    job_tags: string;
    skip_tags: string;
    inventory: { id: number; name: string } | null;
    credential: { id: number; name: string } | null;
    job_type: JobType;
    verbosity: number;
    diff_mode: boolean;
    forks: number;
    timeout: number;
    force_handlers: boolean;
  };
  variables_needed_to_start: string[];
  passwords_needed_to_start: string[];
  inventory_needed_to_start: boolean;
}

export const PASSWORD_LABELS: Record<string, string> = {
  ssh_password: 'SSH password',
  become_password: 'Privilege escalation password',
  ssh_key_unlock: 'Private key passphrase',
};

/** The survey questions the launch asks (none when the survey is off). */
export function surveyQuestions(info: LaunchInfo) {
  return info.survey_enabled && info.survey_spec ? info.survey_spec.spec : [];
}

/** Whether the dialog has anything to ask. */
export function needsInput(info: LaunchInfo): boolean {
  const asks = (Object.keys(info) as Array<keyof LaunchInfo>).some((k) => typeof k === 'string' && k.startsWith('ask_') && info[k] === true);
  return asks || surveyQuestions(info).length > 0 || info.passwords_needed_to_start.length > 0 || info.inventory_needed_to_start || !info.can_start_without_user_input;
}
