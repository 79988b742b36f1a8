/**
 * Job templates: list (with Launch), create, edit (every option, prompt-on-launch flags, survey), delete,
 * and the detail page (with Launch).
 */
import { Link, Route, Routes, useNavigate } from 'react-router';
import { useCanCreate } from '../auth/can-create';
import { useSession } from '../auth/session';
import { AccessPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { ListTable } from '../components/list-table';
import { Loaded, useIdParam } from '../components/loaded';
import { ResourceLink } from '../components/resource-link';
import { Details, PageHeader } from '../components/page-header';
import { ASK_FLAGS, type JobTemplate } from '../components/resource-types';
import { TemplateForm } from '../forms/template-form';
import { TYPE_LABELS } from '../forms/survey-editor';
import { LaunchButton } from '../launch/launch-dialog';

export function TemplatesRoutes() {
  return (
    <Routes>
      <Route index element={<TemplatesList />} />
      <Route path="new" element={<TemplateForm />} />
      <Route path=":id" element={<TemplateDetail />} />
      <Route path=":id/edit" element={<TemplateEdit />} />
    </Routes>
  );
}

function TemplatesList() {
  const navigate = useNavigate();
  const { user } = useSession();
  const canAdd = useCanCreate();
  return (
    <>
      <PageHeader title="Templates">
        {canAdd ? (
          <button type="button" onClick={() => navigate('/templates/new')}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<JobTemplate>
        path="/job_templates"
        label="Templates"
        defaultOrder="name"
        columns={[
          { header: 'Name', sort: 'name', render: (t) => <Link to={`/templates/${t.id}`}>{t.name}</Link> },
          { header: 'Project', sort: 'project', render: (t) => <ResourceLink apiPath={`/projects/${t.project}`} to={`/projects/${t.project}`} /> },
          { header: 'Playbook', sort: 'playbook', render: (t) => <code>{t.playbook}</code> },
          {
            header: 'Inventory',
            render: (t) => (t.inventory ? <ResourceLink apiPath={`/inventories/${t.inventory}`} to={`/inventories/${t.inventory}`} /> : <span className="muted">prompt on launch</span>),
          },
          { header: 'Job type', render: (t) => (t.job_type === 'check' ? 'Check' : 'Run') },
        ]}
        actions={(t) => (can(t, 'start', user) ? <LaunchButton templateId={t.id} templateName={t.name} /> : null)}
      />
    </>
  );
}

function TemplateEdit() {
  const id = useIdParam();
  return <Loaded<JobTemplate> path={`/job_templates/${id}`}>{(t) => <TemplateForm initial={t} />}</Loaded>;
}

const ASK_LABELS: Record<(typeof ASK_FLAGS)[number], string> = {
  ask_variables_on_launch: 'extra variables',
  ask_limit_on_launch: 'limit',
  ask_tags_on_launch: 'job tags',
  ask_skip_tags_on_launch: 'skip tags',
  ask_inventory_on_launch: 'inventory',
  ask_credential_on_launch: 'credential',
  ask_job_type_on_launch: 'job type',
  ask_verbosity_on_launch: 'verbosity',
  ask_diff_mode_on_launch: 'diff mode',
  ask_forks_on_launch: 'forks',
  ask_timeout_on_launch: 'timeout',
  ask_force_handlers_on_launch: 'force handlers',
};

function TemplateDetail() {
  const id = useIdParam();
  const navigate = useNavigate();
  const { user } = useSession();
  return (
    <Loaded<JobTemplate> path={`/job_templates/${id}`}>
      {(t) => {
        const prompts = ASK_FLAGS.filter((f) => t[f]).map((f) => ASK_LABELS[f]);
        return (
          <>
            <PageHeader title={t.name} back={<Link to="/templates">Templates</Link>}>
              {can(t, 'start', user) ? <LaunchButton templateId={t.id} templateName={t.name} /> : null}
              {can(t, 'edit', user) ? (
                <button type="button" onClick={() => navigate(`/templates/${t.id}/edit`)}>
                  Edit
                </button>
              ) : null}
              {can(t, 'delete', user) ? <DeleteButton path={`/job_templates/${t.id}`} what={`template ${t.name}`} onDeleted={() => navigate('/templates')} /> : null}
            </PageHeader>
            <Details
              items={[
                ['Description', t.description],
                ['Project', <ResourceLink apiPath={`/projects/${t.project}`} to={`/projects/${t.project}`} />],
                ['Playbook', <code>{t.playbook}</code>],
                ['Inventory', t.inventory ? <ResourceLink apiPath={`/inventories/${t.inventory}`} to={`/inventories/${t.inventory}`} /> : ''],
                ['Credential', t.credential ? <ResourceLink apiPath={`/credentials/${t.credential}`} to={`/credentials/${t.credential}`} /> : ''],
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
            <AccessPanel resourceType="job_template" resourceId={t.id} canGrant={can(t, 'edit', user)} />
          </>
        );
      }}
    </Loaded>
  );
}
