/** Projects: git repositories or local directories of playbooks; list, create, edit, delete and Sync. */
import { useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { useSession } from '../auth/session';
import { can, useCan } from '../components/capabilities';
import { DetailPage } from '../components/detail-page';
import { SelectField, TextField } from '../components/field';
import { FormPage, requireText, useResourceForm } from '../components/form-page';
import { ListPage, nameColumn } from '../components/list-page';
import { NameFields, OrganizationField } from '../components/named-fields';
import { PROJECTS } from '../components/resource-kinds';
import { ResourceLink } from '../components/resource-link';
import { ResourceRoutes } from '../components/resource-routes';
import { ResourceSelect } from '../components/resource-select';
import type { Project, ScmType } from '../components/resource-types';
import { StatusBadge } from '../components/status-badge';
import { useAction } from '../components/use-action';

export function ProjectsRoutes() {
  return <ResourceRoutes<Project> kind={PROJECTS} list={<ProjectsList />} form={(p) => <ProjectForm initial={p} />} detail={(p) => <ProjectView key={p.id} initial={p} />} />;
}

/** "Sync": POST /projects/:id/sync (the answer is the project after the sync). */
export function SyncButton({ project, onSynced }: { project: Project; onSynced(p: Project): void }) {
  const { busy, error, run } = useAction();
  const sync = () => run(async () => onSynced(await api.post<Project>(`/projects/${project.id}/sync`)));
  return (
    <span className="sync">
      <button type="button" className="secondary" disabled={busy} aria-describedby={error ? `sync-error-${project.id}` : undefined} onClick={() => void sync()}>
        Sync
      </button>
      {busy ? (
        <span role="status" className="muted">
          Syncing…
        </span>
      ) : null}
      {error ? (
        <span role="alert" id={`sync-error-${project.id}`} className="field-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}

function source(p: Project): string {
  return p.scm_type === 'git' ? `${p.scm_url}${p.scm_branch ? ` (${p.scm_branch})` : ''}` : p.local_path;
}

function ProjectsList() {
  const { user } = useSession();
  const [reloadKey, setReloadKey] = useState(0);
  return (
    <ListPage<Project>
      kind={PROJECTS}
      reloadKey={reloadKey}
      columns={[
        nameColumn(PROJECTS.route),
        { header: 'Type', render: (p) => (p.scm_type === 'git' ? 'Git' : 'Local directory') },
        { header: 'Source', render: source, className: 'wrap' },
        { header: 'Revision', render: (p) => <code>{p.scm_revision.slice(0, 10)}</code> },
        { header: 'Last sync', sort: 'last_sync_status', render: (p) => <StatusBadge status={p.last_sync_status} /> },
      ]}
      actions={(p) => (can(p, 'update', user) ? <SyncButton project={p} onSynced={() => setReloadKey((k) => k + 1)} /> : null)}
    />
  );
}

/** As the API checks scm_url. */
const SCM_URL = [/^(https?|ssh|git|file):\/\/[^-\s]\S*$/, /^\w[\w.-]*@\w[\w.-]*:[^-\s]\S*$/];

const SCM_TYPES = [
  { value: 'git', label: 'Git' },
  { value: 'local', label: 'Local directory' },
];

function ProjectForm({ initial }: { initial?: Project }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const [scmType, setScmType] = useState<ScmType>(initial?.scm_type ?? 'git');
  const [scmUrl, setScmUrl] = useState(initial?.scm_url ?? '');
  const [scmBranch, setScmBranch] = useState(initial?.scm_branch ?? '');
  const [localPath, setLocalPath] = useState(initial?.local_path ?? '');
  const [credential, setCredential] = useState<number | null>(initial?.credential ?? null);
  const s = useResourceForm(PROJECTS, initial);
  return (
    <FormPage
      form={s}
      fields={['name', 'description', 'organization', 'scm_type', 'scm_url', 'scm_branch', 'local_path', 'credential']}
      validate={(e) => {
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
        if (scmType === 'git') {
          requireText(e, 'scm_url', scmUrl, 'Source control URL');
          if (scmUrl.trim() && scmUrl.trim() !== initial?.scm_url && !SCM_URL.some((r) => r.test(scmUrl.trim())))
            e['scm_url'] = 'must be an http(s)://, ssh://, git://, file:// or user@host:path URL';
          const b = scmBranch.trim();
          if (b && (!/^[\w./@{}+-]+$/.test(b) || b.startsWith('-') || b.includes('..'))) e['scm_branch'] = 'is not a valid branch, tag or commit';
        } else requireText(e, 'local_path', localPath, 'Local path');
      }}
      send={() => {
        const body: Record<string, unknown> = { name: name.trim(), description };
        if (scmType === 'git') {
          Object.assign(body, { scm_branch: scmBranch.trim(), credential });
          // the API shows a URL's user:password as ***: send the URL only when it was changed
          if (!initial || scmUrl.trim() !== initial.scm_url) body['scm_url'] = scmUrl.trim();
        } else body['local_path'] = localPath.trim();
        return s.save(body, { organization, scm_type: scmType });
      }}
    >
      <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} />
      <OrganizationField value={organization} onChange={setOrganization} error={s.errors['organization']} editing={Boolean(initial)} />
      <SelectField
        label="Source control type"
        name="scm_type"
        value={scmType}
        onChange={(v) => setScmType(v === 'local' ? 'local' : 'git')}
        options={SCM_TYPES}
        error={s.errors['scm_type']}
        disabled={Boolean(initial)}
        required
      />
      {scmType === 'git' ? (
        <>
          <TextField label="Source control URL" name="scm_url" value={scmUrl} onChange={setScmUrl} error={s.errors['scm_url']} required placeholder="https://github.com/org/repo.git" />
          <TextField label="Branch" name="scm_branch" value={scmBranch} onChange={setScmBranch} error={s.errors['scm_branch']} hint="Branch, tag or commit; empty for the default branch." />
          <ResourceSelect
            label="Source control credential"
            name="credential"
            path="/credentials"
            query={{ kind: 'source_control' }}
            value={credential}
            onChange={setCredential}
            error={s.errors['credential']}
            emptyLabel="None"
          />
        </>
      ) : (
        <TextField label="Local path" name="local_path" value={localPath} onChange={setLocalPath} error={s.errors['local_path']} required hint="A directory inside the projects directory." />
      )}
    </FormPage>
  );
}

function ProjectView({ initial }: { initial: Project }) {
  const [p, setP] = useState(initial);
  const may = useCan(p);
  return (
    <DetailPage
      kind={PROJECTS}
      obj={p}
      access="project"
      actions={may('update') ? <SyncButton project={p} onSynced={setP} /> : null}
      facts={[
        ['Description', p.description],
        ['Organization', <ResourceLink to={`/organizations/${p.organization}`} related={p.summary_fields?.organization} />],
        ['Source control type', p.scm_type === 'git' ? 'Git' : 'Local directory'],
        ...(p.scm_type === 'git'
          ? ([
              ['Source control URL', p.scm_url],
              ['Branch', p.scm_branch],
              ['Source control credential', p.credential ? <ResourceLink to={`/credentials/${p.credential}`} related={p.summary_fields?.scm_credential} /> : ''],
            ] as Array<[string, ReactNode]>)
          : ([['Local path', p.local_path]] as Array<[string, ReactNode]>)),
        ['Revision', <code>{p.scm_revision}</code>],
        ['Sync status', <span aria-live="polite"><StatusBadge status={p.last_sync_status} /></span>],
        ['Last sync', p.last_sync ? new Date(p.last_sync).toLocaleString() : 'never'],
        ...(p.last_sync_error ? ([['Sync error', <span className="error">{p.last_sync_error}</span>]] as Array<[string, ReactNode]>) : []),
        ['Playbooks', p.playbooks.length ? <ul className="plain">{p.playbooks.map((b) => <li key={b}><code>{b}</code></li>)}</ul> : 'none found (sync the project)'],
      ]}
    />
  );
}
