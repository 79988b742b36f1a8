/**
 * Job templates: list (with Launch), create, edit (every option, prompt-on-launch flags, survey), delete,
 * and the detail page (with Launch).
 */
import { useSession } from '../auth/session';
import { can } from '../components/capabilities';
import { DetailPage } from '../components/detail-page';
import { ListPage, nameColumn } from '../components/list-page';
import { TEMPLATES } from '../components/resource-kinds';
import { ResourceLink } from '../components/resource-link';
import { ResourceRoutes } from '../components/resource-routes';
import { ASK_FLAGS, ASK_LABELS, type JobTemplate } from '../components/resource-types';
import { TYPE_LABELS } from '../forms/survey-editor';
import { TemplateForm } from '../forms/template-form';
import { LaunchButton } from '../launch/launch-dialog';

export function TemplatesRoutes() {
  return <ResourceRoutes<JobTemplate> kind={TEMPLATES} list={<TemplatesList />} form={(t) => <TemplateForm initial={t} />} detail={(t) => <TemplateDetail template={t} />} />;
}

function ProjectLink({ template: t }: { template: JobTemplate }) {
  return <ResourceLink to={`/projects/${t.project}`} related={t.summary_fields?.project} />;
}

function InventoryLink({ template: t, id }: { template: JobTemplate; id: number }) {
  return <ResourceLink to={`/inventories/${id}`} related={t.summary_fields?.inventory} />;
}

function TemplatesList() {
  const { user } = useSession();
  return (
    <ListPage<JobTemplate>
      kind={TEMPLATES}
      columns={[
        nameColumn(TEMPLATES.route),
        { header: 'Project', sort: 'project', render: (t) => <ProjectLink template={t} /> },
        { header: 'Playbook', sort: 'playbook', render: (t) => <code>{t.playbook}</code> },
        { header: 'Inventory', render: (t) => (t.inventory ? <InventoryLink template={t} id={t.inventory} /> : <span className="muted">prompt on launch</span>) },
        { header: 'Job type', render: (t) => (t.job_type === 'check' ? 'Check' : 'Run') },
      ]}
      actions={(t) => (can(t, 'start', user) ? <LaunchButton templateId={t.id} templateName={t.name} /> : null)}
    />
  );
}

function TemplateDetail({ template: t }: { template: JobTemplate }) {
  const { user } = useSession();
  const prompts = ASK_FLAGS.filter((f) => t[f]).map((f) => ASK_LABELS[f]);
  return (
    <DetailPage
      kind={TEMPLATES}
      obj={t}
      access="job_template"
      actions={can(t, 'start', user) ? <LaunchButton templateId={t.id} templateName={t.name} /> : null}
      facts={[
        ['Description', t.description],
        ['Project', <ProjectLink template={t} />],
        ['Playbook', <code>{t.playbook}</code>],
        ['Inventory', t.inventory ? <InventoryLink template={t} id={t.inventory} /> : ''],
        ['Credential', t.credential ? <ResourceLink to={`/credentials/${t.credential}`} related={t.summary_fields?.credential} /> : ''],
        ['Job type', t.job_type === 'check' ? 'Check' : 'Run'],
        ['Limit', t.limit],
        ['Job tags', t.job_tags],
        ['Skip tags', t.skip_tags],
        ['Forks', t.forks || 'default'],
        ['Verbosity', t.verbosity],
        ['Timeout', t.timeout ? `${t.timeout} s` : 'none'],
        ['Options', [t.diff_mode && 'diff mode', t.force_handlers && 'force handlers', t.allow_simultaneous && 'concurrent jobs'].filter(Boolean).join(', ')],
        ['Prompt on launch', prompts.join(', ')],
        ['Extra variables', t.extra_vars.trim() ? <pre className="code">{t.extra_vars}</pre> : ''],
        [
          'Survey',
          t.survey_spec?.spec.length ? (
            <>
              {t.survey_enabled ? 'enabled' : 'disabled'}
              <ul className="plain">
                {t.survey_spec.spec.map((q) => (
                  <li key={q.variable}>
                    {q.question_name} <code>{q.variable}</code> ({TYPE_LABELS[q.type]}
                    {q.required ? ', required' : ''})
                  </li>
                ))}
              </ul>
            </>
          ) : (
            'none'
          ),
        ],
      ]}
    />
  );
}
