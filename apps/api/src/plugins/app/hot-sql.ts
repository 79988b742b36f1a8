/**
 * Hand-written SQL for the paths every request or launch takes (authentication, the caller's grants,
 * loading a template to launch, creating the job), run on `app.sql` (pg) as named prepared statements.
 * Everything else goes through Prisma. Column names are the schema's (camelCase, quoted), so rows come
 * back shaped like Prisma's models; prisma/schema.prisma stays the source of truth and the tests of
 * these paths run against the migrated schema.
 */
import type { Credential, Job, JobTemplate, Prisma } from '@drover/db';
import type pg from 'pg';

export interface UserRow {
  id: number;
  username: string;
  isSuperuser: boolean;
  isSystemAuditor: boolean;
}

export interface TokenUserRow extends UserRow {
  tokenId: number;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

const USER_COLUMNS = 'u.id, u.username, u."isSuperuser", u."isSystemAuditor"';

export async function userByTokenHash(sql: pg.Pool, tokenHash: string): Promise<TokenUserRow | undefined> {
  const r = await sql.query<TokenUserRow>({
    name: 'drover_user_by_token',
    text: `SELECT ${USER_COLUMNS}, t.id AS "tokenId", t."expiresAt", t."lastUsedAt" FROM api_tokens t JOIN users u ON u.id = t."userId" WHERE t."tokenHash" = $1`,
    values: [tokenHash],
  });
  return r.rows[0];
}

export async function userBySessionId(sql: pg.Pool, sessionId: string): Promise<(UserRow & { expiresAt: Date }) | undefined> {
  const r = await sql.query<UserRow & { expiresAt: Date }>({
    name: 'drover_user_by_session',
    text: `SELECT ${USER_COLUMNS}, s."expiresAt" FROM sessions s JOIN users u ON u.id = s."userId" WHERE s.id = $1`,
    values: [sessionId],
  });
  return r.rows[0];
}

export interface GrantRow {
  role: string;
  resourceType: string;
  resourceId: number;
}

/** The user's grants, direct and through teams, plus `member` of each team (one round trip). */
export async function grantsOf(sql: pg.Pool, userId: number): Promise<GrantRow[]> {
  const r = await sql.query<GrantRow>({
    name: 'drover_grants_of',
    text: `SELECT g.role::text AS role, g."resourceType"::text AS "resourceType", g."resourceId" FROM role_grants g WHERE g."userId" = $1
      UNION ALL
      SELECT g.role::text, g."resourceType"::text, g."resourceId" FROM role_grants g JOIN team_memberships m ON m."teamId" = g."teamId" WHERE m."userId" = $1
      UNION ALL
      SELECT 'member', 'team', m."teamId" FROM team_memberships m WHERE m."userId" = $1`,
    values: [userId],
  });
  return r.rows;
}

export interface LaunchRow {
  template: JobTemplate;
  /** The template's project (undefined when it has none). */
  project: { id: number; scmRevision: string } | undefined;
  credential: Credential | null;
}

/** A template with what a launch needs of its project and credential (one round trip). */
export async function templateForLaunch(sql: pg.Pool, id: number): Promise<LaunchRow | undefined> {
  const r = await sql.query<JobTemplate & { _projectId: number | null; _scmRevision: string | null; _credential: (Omit<Credential, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }) | null }>({
    name: 'drover_template_for_launch',
    text: `SELECT t.*, p.id AS "_projectId", p."scmRevision" AS "_scmRevision", to_jsonb(c) AS "_credential"
      FROM job_templates t LEFT JOIN projects p ON p.id = t."projectId" LEFT JOIN credentials c ON c.id = t."credentialId" WHERE t.id = $1`,
    values: [id],
  });
  const row = r.rows[0];
  if (!row) return undefined;
  const { _projectId, _scmRevision, _credential, ...template } = row;
  return {
    template: template as JobTemplate,
    project: _projectId === null ? undefined : { id: _projectId, scmRevision: _scmRevision ?? '' },
    credential: _credential ? { ..._credential, createdAt: new Date(_credential.createdAt), updatedAt: new Date(_credential.updatedAt) } : null,
  };
}

/** The job columns a launch sets (what NewJob may carry), in a fixed order. */
const JOB_COLUMNS = [
  'name', 'jobTemplateId', 'projectId', 'inventoryId', 'credentialId', 'launchType', 'playbook', 'extraVars', 'limit', 'jobTags',
  'skipTags', 'forks', 'verbosity', 'checkMode', 'diffMode', 'forceHandlers', 'timeout', 'scmRevision', 'relaunchOfId',
] as const;
type JobColumn = (typeof JOB_COLUMNS)[number];

export type LaunchJobData = Partial<Pick<Prisma.JobUncheckedCreateInput, JobColumn>> & Pick<Prisma.JobUncheckedCreateInput, 'name' | 'playbook'>;

export interface LaunchActivity {
  objectType: string;
  objectId: number;
  /** Merged with {job: <new id>} (already redacted by the caller). */
  changes: Record<string, unknown>;
}

/**
 * Inserts the job as `pending` with its two status rows (new, then pending) and, when given, the
 * activity-stream row naming it, in one statement (atomic, one round trip). Returns the job row.
 */
export async function insertLaunchedJob(
  sql: pg.Pool,
  actor: { id: number; username: string },
  data: LaunchJobData,
  at: Date,
  reasons: { created: string; pending: string },
  activity?: LaunchActivity,
): Promise<Job> {
  const record = data as Record<string, unknown>;
  for (const k of Object.keys(record)) if (!(JOB_COLUMNS as readonly string[]).includes(k) && record[k] !== undefined) throw new Error(`insertLaunchedJob: unexpected job field ${k}`);
  const values: unknown[] = [actor.id, at, new Date(at.getTime() + 1), reasons.created, reasons.pending, actor.username];
  const cols = JOB_COLUMNS.map((c) => {
    const v = record[c];
    values.push(v === undefined ? null : c === 'extraVars' ? JSON.stringify(v) : v);
    const p = `$${values.length}`;
    // a field left out takes the column's default
    if (c === 'extraVars') return `COALESCE(${p}::jsonb, '{}'::jsonb)`;
    const d = DEFAULTS[c];
    return d ? `COALESCE(${p}, ${d})` : p;
  });
  values.push(activity ? activity.objectType : null, activity ? activity.objectId : null, activity ? JSON.stringify(activity.changes) : null);
  const n = values.length;
  const text = `WITH j AS (
      INSERT INTO jobs ("status", "createdById", "createdAt", ${JOB_COLUMNS.map((c) => `"${c}"`).join(', ')})
      VALUES ('pending', $1, $2, ${cols.join(', ')}) RETURNING *
    ), s AS (
      INSERT INTO job_status_changes ("jobId", "from", "to", "reason", "at")
      SELECT j.id, NULL, 'new'::"JobStatus", $4, $2 FROM j
      UNION ALL SELECT j.id, 'new'::"JobStatus", 'pending'::"JobStatus", $5, $3 FROM j
    ), a AS (
      INSERT INTO activity_stream ("timestamp", "actorId", "actorName", "operation", "objectType", "objectId", "changes")
      SELECT $2, $1, $6, 'launch', $${n - 2}, $${n - 1}, jsonb_build_object('job', j.id) || $${n}::jsonb FROM j WHERE $${n - 2}::text IS NOT NULL
    )
    SELECT * FROM j`;
  const r = await sql.query<Job>({ name: 'drover_insert_launched_job', text, values });
  return r.rows[0]!;
}

/** The schema's defaults of the NOT NULL columns (prisma/schema.prisma), for fields a launch leaves out. */
const DEFAULTS: Partial<Record<JobColumn, string>> = {
  launchType: `'manual'`,
  limit: `''`,
  jobTags: `''`,
  skipTags: `''`,
  forks: '5',
  verbosity: '0',
  checkMode: 'false',
  diffMode: 'false',
  forceHandlers: 'false',
  timeout: '0',
  scmRevision: `''`,
};
