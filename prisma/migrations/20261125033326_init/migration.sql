-- CreateEnum
CREATE TYPE "RoleName" AS ENUM ('admin', 'use', 'execute', 'read', 'update', 'member', 'auditor');

-- CreateEnum
CREATE TYPE "ResourceType" AS ENUM ('organization', 'team', 'project', 'inventory', 'credential', 'job_template');

-- CreateEnum
CREATE TYPE "ScmType" AS ENUM ('git', 'local');

-- CreateEnum
CREATE TYPE "CredentialType" AS ENUM ('machine', 'source_control');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('new', 'pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled');

-- CreateTable
CREATE TABLE "organizations" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "firstName" TEXT NOT NULL DEFAULT '',
    "lastName" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT,
    "isSuperuser" BOOLEAN NOT NULL DEFAULT false,
    "isSystemAuditor" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_memberships" (
    "teamId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_memberships_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "role_grants" (
    "id" SERIAL NOT NULL,
    "role" "RoleName" NOT NULL,
    "resourceType" "ResourceType" NOT NULL,
    "resourceId" INTEGER NOT NULL,
    "userId" INTEGER,
    "teamId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_grants_pkey" PRIMARY KEY ("id"),
    -- hand edit: a grant goes to exactly one user or one team
    CONSTRAINT "role_grants_one_grantee_check" CHECK (("userId" IS NULL) <> ("teamId" IS NULL))
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "scmType" "ScmType" NOT NULL,
    "scmUrl" TEXT NOT NULL DEFAULT '',
    "scmBranch" TEXT NOT NULL DEFAULT '',
    "localPath" TEXT NOT NULL DEFAULT '',
    "scmRevision" TEXT NOT NULL DEFAULT '',
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastSyncStatus" "JobStatus",
    "lastSyncError" TEXT NOT NULL DEFAULT '',
    "playbooks" JSONB NOT NULL DEFAULT '[]',
    "scmCredentialId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventories" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "variables" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hosts" (
    "id" SERIAL NOT NULL,
    "inventoryId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "variables" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hosts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "groups" (
    "id" SERIAL NOT NULL,
    "inventoryId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "variables" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_hosts" (
    "groupId" INTEGER NOT NULL,
    "hostId" INTEGER NOT NULL,

    CONSTRAINT "group_hosts_pkey" PRIMARY KEY ("groupId","hostId")
);

-- CreateTable
CREATE TABLE "group_children" (
    "parentId" INTEGER NOT NULL,
    "childId" INTEGER NOT NULL,

    CONSTRAINT "group_children_pkey" PRIMARY KEY ("parentId","childId")
);

-- CreateTable
CREATE TABLE "inventory_sources" (
    "id" SERIAL NOT NULL,
    "inventoryId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "projectId" INTEGER NOT NULL,
    "sourcePath" TEXT NOT NULL,
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastSyncStatus" "JobStatus",
    "lastSyncError" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credentials" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "CredentialType" NOT NULL,
    "inputs" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_templates" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "projectId" INTEGER NOT NULL,
    "playbook" TEXT NOT NULL,
    "inventoryId" INTEGER,
    "credentialId" INTEGER,
    "extraVars" TEXT NOT NULL DEFAULT '',
    "limit" TEXT NOT NULL DEFAULT '',
    "jobTags" TEXT NOT NULL DEFAULT '',
    "skipTags" TEXT NOT NULL DEFAULT '',
    "forks" INTEGER NOT NULL DEFAULT 5,
    "verbosity" INTEGER NOT NULL DEFAULT 0,
    "checkMode" BOOLEAN NOT NULL DEFAULT false,
    "diffMode" BOOLEAN NOT NULL DEFAULT false,
    "forceHandlers" BOOLEAN NOT NULL DEFAULT false,
    "timeout" INTEGER NOT NULL DEFAULT 0,
    "allowSimultaneous" BOOLEAN NOT NULL DEFAULT false,
    "askVariablesOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askLimitOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askTagsOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askSkipTagsOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askInventoryOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askCredentialOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askJobTypeOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askVerbosityOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askDiffModeOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askForksOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askTimeoutOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "askForceHandlersOnLaunch" BOOLEAN NOT NULL DEFAULT false,
    "surveyEnabled" BOOLEAN NOT NULL DEFAULT false,
    "surveySpec" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "jobTemplateId" INTEGER,
    "projectId" INTEGER,
    "inventoryId" INTEGER,
    "credentialId" INTEGER,
    "createdById" INTEGER,
    "status" "JobStatus" NOT NULL DEFAULT 'new',
    "launchType" TEXT NOT NULL DEFAULT 'manual',
    "playbook" TEXT NOT NULL,
    "extraVars" JSONB NOT NULL DEFAULT '{}',
    "limit" TEXT NOT NULL DEFAULT '',
    "jobTags" TEXT NOT NULL DEFAULT '',
    "skipTags" TEXT NOT NULL DEFAULT '',
    "forks" INTEGER NOT NULL DEFAULT 5,
    "verbosity" INTEGER NOT NULL DEFAULT 0,
    "checkMode" BOOLEAN NOT NULL DEFAULT false,
    "diffMode" BOOLEAN NOT NULL DEFAULT false,
    "forceHandlers" BOOLEAN NOT NULL DEFAULT false,
    "timeout" INTEGER NOT NULL DEFAULT 0,
    "scmRevision" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "elapsed" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "jobExplanation" TEXT NOT NULL DEFAULT '',
    "resultTraceback" TEXT NOT NULL DEFAULT '',
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "workerId" TEXT,
    "heartbeatAt" TIMESTAMPTZ(3),
    "eventsEmitted" INTEGER NOT NULL DEFAULT 0,
    "relaunchOfId" INTEGER,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_status_changes" (
    "id" SERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "from" "JobStatus",
    "to" "JobStatus" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_events" (
    "id" BIGSERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "counter" INTEGER NOT NULL,
    "uuid" TEXT NOT NULL,
    "parentUuid" TEXT,
    "event" TEXT NOT NULL,
    "eventData" JSONB NOT NULL,
    "host" TEXT,
    "play" TEXT NOT NULL DEFAULT '',
    "task" TEXT NOT NULL DEFAULT '',
    "role" TEXT NOT NULL DEFAULT '',
    "changed" BOOLEAN NOT NULL DEFAULT false,
    "failed" BOOLEAN NOT NULL DEFAULT false,
    "stdout" TEXT NOT NULL DEFAULT '',
    "startLine" INTEGER NOT NULL DEFAULT 0,
    "endLine" INTEGER NOT NULL DEFAULT 0,
    "created" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_host_summaries" (
    "id" SERIAL NOT NULL,
    "jobId" INTEGER NOT NULL,
    "hostName" TEXT NOT NULL,
    "ok" INTEGER NOT NULL DEFAULT 0,
    "changed" INTEGER NOT NULL DEFAULT 0,
    "dark" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "rescued" INTEGER NOT NULL DEFAULT 0,
    "ignored" INTEGER NOT NULL DEFAULT 0,
    "failed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "job_host_summaries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_stream" (
    "id" SERIAL NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "actorName" TEXT NOT NULL DEFAULT '',
    "operation" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" INTEGER,
    "changes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "activity_stream_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_name_key" ON "organizations"("name");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "teams_organizationId_name_key" ON "teams"("organizationId", "name");

-- CreateIndex
CREATE INDEX "team_memberships_userId_idx" ON "team_memberships"("userId");

-- CreateIndex
CREATE INDEX "role_grants_resourceType_resourceId_idx" ON "role_grants"("resourceType", "resourceId");

-- CreateIndex
CREATE INDEX "role_grants_userId_idx" ON "role_grants"("userId");

-- CreateIndex
CREATE INDEX "role_grants_teamId_idx" ON "role_grants"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "role_grants_role_resourceType_resourceId_userId_teamId_key" ON "role_grants"("role", "resourceType", "resourceId", "userId", "teamId") NULLS NOT DISTINCT; -- hand edit: a grant is stored once, whichever of userId/teamId is NULL

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateIndex
CREATE INDEX "sessions_expiresAt_idx" ON "sessions"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_tokenHash_key" ON "api_tokens"("tokenHash");

-- CreateIndex
CREATE INDEX "api_tokens_userId_idx" ON "api_tokens"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "projects_organizationId_name_key" ON "projects"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "inventories_organizationId_name_key" ON "inventories"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "hosts_inventoryId_name_key" ON "hosts"("inventoryId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "groups_inventoryId_name_key" ON "groups"("inventoryId", "name");

-- CreateIndex
CREATE INDEX "group_hosts_hostId_idx" ON "group_hosts"("hostId");

-- CreateIndex
CREATE INDEX "group_children_childId_idx" ON "group_children"("childId");

-- CreateIndex
CREATE INDEX "inventory_sources_projectId_idx" ON "inventory_sources"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_sources_inventoryId_name_key" ON "inventory_sources"("inventoryId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "credentials_organizationId_kind_name_key" ON "credentials"("organizationId", "kind", "name");

-- CreateIndex
CREATE INDEX "job_templates_projectId_idx" ON "job_templates"("projectId");

-- CreateIndex
CREATE INDEX "job_templates_inventoryId_idx" ON "job_templates"("inventoryId");

-- CreateIndex
CREATE INDEX "job_templates_credentialId_idx" ON "job_templates"("credentialId");

-- CreateIndex
CREATE UNIQUE INDEX "job_templates_organizationId_name_key" ON "job_templates"("organizationId", "name");

-- CreateIndex
CREATE INDEX "jobs_status_idx" ON "jobs"("status");

-- CreateIndex
CREATE INDEX "jobs_jobTemplateId_createdAt_idx" ON "jobs"("jobTemplateId", "createdAt");

-- CreateIndex
CREATE INDEX "jobs_createdAt_idx" ON "jobs"("createdAt");

-- CreateIndex
CREATE INDEX "job_status_changes_jobId_at_idx" ON "job_status_changes"("jobId", "at");

-- CreateIndex
CREATE INDEX "job_events_jobId_event_idx" ON "job_events"("jobId", "event");

-- CreateIndex
CREATE INDEX "job_events_jobId_host_idx" ON "job_events"("jobId", "host");

-- CreateIndex
CREATE UNIQUE INDEX "job_events_jobId_counter_key" ON "job_events"("jobId", "counter");

-- CreateIndex
CREATE UNIQUE INDEX "job_host_summaries_jobId_hostName_key" ON "job_host_summaries"("jobId", "hostName");

-- CreateIndex
CREATE INDEX "activity_stream_timestamp_idx" ON "activity_stream"("timestamp");

-- CreateIndex
CREATE INDEX "activity_stream_objectType_objectId_idx" ON "activity_stream"("objectType", "objectId");

-- CreateIndex
CREATE INDEX "activity_stream_actorId_idx" ON "activity_stream"("actorId");

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_scmCredentialId_fkey" FOREIGN KEY ("scmCredentialId") REFERENCES "credentials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventories" ADD CONSTRAINT "inventories_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hosts" ADD CONSTRAINT "hosts_inventoryId_fkey" FOREIGN KEY ("inventoryId") REFERENCES "inventories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_inventoryId_fkey" FOREIGN KEY ("inventoryId") REFERENCES "inventories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_hosts" ADD CONSTRAINT "group_hosts_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_hosts" ADD CONSTRAINT "group_hosts_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "hosts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_children" ADD CONSTRAINT "group_children_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "group_children" ADD CONSTRAINT "group_children_childId_fkey" FOREIGN KEY ("childId") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_sources" ADD CONSTRAINT "inventory_sources_inventoryId_fkey" FOREIGN KEY ("inventoryId") REFERENCES "inventories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_sources" ADD CONSTRAINT "inventory_sources_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_templates" ADD CONSTRAINT "job_templates_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_templates" ADD CONSTRAINT "job_templates_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_templates" ADD CONSTRAINT "job_templates_inventoryId_fkey" FOREIGN KEY ("inventoryId") REFERENCES "inventories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_templates" ADD CONSTRAINT "job_templates_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "credentials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_jobTemplateId_fkey" FOREIGN KEY ("jobTemplateId") REFERENCES "job_templates"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_inventoryId_fkey" FOREIGN KEY ("inventoryId") REFERENCES "inventories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "credentials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_relaunchOfId_fkey" FOREIGN KEY ("relaunchOfId") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_status_changes" ADD CONSTRAINT "job_status_changes_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_host_summaries" ADD CONSTRAINT "job_host_summaries_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_stream" ADD CONSTRAINT "activity_stream_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

