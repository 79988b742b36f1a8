/**
 * Everything under /api/v1. Login is public; every other route is behind `requireUser` (401 without
 * valid credentials).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../plugins/app/auth.service.js';
import authRoutes from './auth/index.js';
import activityRoutes from './activity-stream/index.js';
import credentialRoutes from './credentials/index.js';
import dashboardRoutes from './dashboard/index.js';
import inventoryRoutes from './inventories/index.js';
import inventorySourceRoutes from './inventory-sources/index.js';
import projectRoutes from './projects/index.js';
import healthRoutes from './health/index.js';
import jobTemplateRoutes from './job-templates/index.js';
import jobRoutes from './jobs/index.js';
import organizationRoutes from './organizations/index.js';
import teamRoutes from './teams/index.js';
import tokenRoutes from './tokens/index.js';
import userRoutes from './users/index.js';

const apiRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(async (authed) => {
    authed.addHook('onRequest', async (request) => {
      requireUser(request);
    });
    await authed.register(tokenRoutes);
    await authed.register(organizationRoutes);
    await authed.register(teamRoutes);
    await authed.register(userRoutes);
    await authed.register(credentialRoutes);
    await authed.register(projectRoutes);
    await authed.register(inventoryRoutes);
    await authed.register(inventorySourceRoutes);
    await authed.register(jobTemplateRoutes);
    await authed.register(jobRoutes);
    await authed.register(activityRoutes);
    await authed.register(dashboardRoutes);
  });
};

export default apiRoutes;
