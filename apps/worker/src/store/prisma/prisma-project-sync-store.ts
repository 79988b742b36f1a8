import type { PrismaClient } from '@drover/db';
import type { ProjectSyncRecord, ProjectSyncStore } from '../ports.js';

/** ProjectSyncStore over @drover/db's Prisma client. */
export class PrismaProjectSyncStore implements ProjectSyncStore {
  constructor(private readonly prisma: PrismaClient) {}

  async recordSync(projectId: number, sync: ProjectSyncRecord): Promise<void> {
    const data = sync.ok
      ? { scmRevision: sync.revision, localPath: sync.localPath, playbooks: [...sync.playbooks], lastSyncAt: sync.at, lastSyncStatus: 'successful' as const, lastSyncError: '' }
      : { lastSyncAt: sync.at, lastSyncStatus: 'failed' as const, lastSyncError: sync.error };
    // the project may have been deleted meanwhile: nothing to record then
    await this.prisma.project.updateMany({ where: { id: projectId }, data });
  }
}
