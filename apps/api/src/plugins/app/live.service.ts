/**
 * Live job events over socket.io, on the API's own HTTP server. Events come from the worker's Redis
 * channel `<ns>:job:<id>:events` (published after they are stored); each subscription has its own
 * cursor: on subscribe the server replays stored events after the client's last counter while it
 * buffers live messages, then flushes the buffer, so the client sees every counter once, in order.
 * A live message past a gap makes the server read the gap from the database first. The end of a job's
 * stream (`events_complete`, or a finished job) is sent once. Status changes go to the job's
 * subscribers and to list subscribers who may read the job.
 */
import { once } from 'node:events';
import { isChangedEvent, isFailedEvent, eventHost } from '@drover/events';
import type { JobEvent as DbJobEvent } from '@drover/db';
import { isTerminal, parseJobChannelMessage, parseJobStatusMessage, type JobChannelMessage, type JobEventMessage, type JobStatusMessage } from '@drover/queue';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import type { AuthUser } from './auth.service.js';
import { SESSION_COOKIE } from './auth.service.js';
import type { Access } from './rbac.service.js';
import type { ClientToServerEvents, LiveJobEvent, ServerToClientEvents } from '@drover/events';

interface SocketData {
  user: AuthUser;
  access?: { value: Access; at: number };
  subs: Map<number, Subscription>;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

interface Subscription {
  jobId: number;
  last: number;
  replaying: boolean;
  buffer: JobChannelMessage[];
  done: boolean;
  chain: Promise<void>;
  closed: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function liveFromRow(e: DbJobEvent): LiveJobEvent {
  return {
    job: e.jobId,
    counter: e.counter,
    uuid: e.uuid,
    parent_uuid: e.parentUuid,
    event: e.event,
    event_data: (e.eventData ?? {}) as Record<string, unknown>,
    host_name: e.host,
    play: e.play,
    task: e.task,
    role: e.role,
    changed: e.changed,
    failed: e.failed,
    stdout: e.stdout,
    start_line: e.startLine,
    end_line: e.endLine,
    created: e.created.toISOString(),
  };
}

export function liveFromMessage(m: JobEventMessage): LiveJobEvent {
  const e = m.event;
  const data = e.event_data as Record<string, unknown>;
  let changed = isChangedEvent(e);
  let failed = isFailedEvent(e);
  if (e.event === 'playbook_on_stats') {
    const sum = (k: string) => Object.values((data[k] ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
    changed = sum('changed') > 0;
    failed = sum('failures') + sum('dark') > 0;
  }
  return {
    job: m.jobId,
    counter: e.counter,
    uuid: e.uuid,
    parent_uuid: e.parent_uuid,
    event: e.event,
    event_data: data,
    host_name: eventHost(e) ?? null,
    play: str(data['play']),
    task: str(data['task']),
    role: str(data['role']),
    changed,
    failed,
    stdout: m.stdout,
    start_line: m.startLine,
    end_line: m.endLine,
    created: e.created,
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

async function livePlugin(app: FastifyInstance): Promise<void> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });
  app.decorate('io', io);
  const sub = app.newRedis();
  const jobChannel = new RegExp(`^${app.channels.namespace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:job:(\\d+):events$`);
  /** job id -> subscriptions (of any socket) */
  const byJob = new Map<number, Set<Subscription>>();

  const access = async (socket: LiveSocket): Promise<Access> => {
    const cached = socket.data.access;
    if (cached && Date.now() - cached.at < 30_000) return cached.value;
    const value = await app.rbac.load(socket.data.user);
    socket.data.access = { value, at: Date.now() };
    return value;
  };

  const canReadJob = async (socket: LiveSocket, jobId: number): Promise<boolean> => {
    const a = await access(socket);
    const where = a.jobWhere();
    return (await app.db.job.count({ where: where ? { AND: [{ id: jobId }, where] } : { id: jobId } })) > 0;
  };

  io.use(async (socket, next) => {
    try {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const header = socket.handshake.headers.authorization;
      const token = typeof auth?.token === 'string' ? auth.token : header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      let cookie = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
      // Cross-site WebSocket hijacking: a browser sends the session cookie from any page, so a
      // cookie-authenticated socket must come from this server's own origin.
      const origin = socket.handshake.headers.origin;
      if (cookie && !token && origin) {
        let sameHost = false;
        try {
          sameHost = new URL(origin).host === socket.handshake.headers.host;
        } catch {
          sameHost = false;
        }
        if (!sameHost) cookie = undefined;
      }
      const user = token ? await app.auth.fromToken(token) : cookie ? await app.auth.fromSession(cookie) : null;
      if (!user) return next(Object.assign(new Error('authentication required'), { data: { code: 'DRV_API_UNAUTHENTICATED' } }));
      socket.data.user = user;
      socket.data.subs = new Map();
      next();
    } catch (err) {
      app.log.error({ err }, 'socket authentication failed');
      next(new Error('internal error'));
    }
  });

  /** Emits stored events with counter in (sub.last, upTo] (all when upTo is undefined), in batches. */
  const replay = async (socket: LiveSocket, s: Subscription, upTo?: number): Promise<void> => {
    for (;;) {
      const rows = await app.db.jobEvent.findMany({
        where: { jobId: s.jobId, counter: { gt: s.last, ...(upTo !== undefined ? { lte: upTo } : {}) } },
        orderBy: { counter: 'asc' },
        take: 500,
      });
      if (rows.length === 0 || s.closed) return;
      for (const r of rows) {
        socket.emit('job:event', liveFromRow(r));
        s.last = r.counter;
      }
      if (rows.length < 500) return;
    }
  };

  const complete = (socket: LiveSocket, s: Subscription, lastCounter: number): void => {
    if (s.done) return;
    s.done = true;
    socket.emit('job:events_complete', { job: s.jobId, last_counter: Math.max(lastCounter, s.last) });
  };

  const handle = async (socket: LiveSocket, s: Subscription, msg: JobChannelMessage): Promise<void> => {
    if (s.closed || s.done) return;
    if (msg.type === 'event') {
      const c = msg.event.counter;
      if (c <= s.last) return; // already sent
      if (c > s.last + 1) await replay(socket, s, c - 1); // fill the gap from the database
      if (c <= s.last || s.closed) return;
      socket.emit('job:event', liveFromMessage(msg));
      s.last = c;
    } else {
      if (msg.lastCounter > s.last) await replay(socket, s, msg.lastCounter);
      complete(socket, s, msg.lastCounter);
    }
  };

  const enqueue = (socket: LiveSocket, s: Subscription, msg: JobChannelMessage): void => {
    if (s.replaying) {
      s.buffer.push(msg);
      return;
    }
    s.chain = s.chain.then(() => handle(socket, s, msg)).catch((err) => app.log.warn({ err, jobId: s.jobId }, 'live event relay failed'));
  };

  const sockets = new Map<Subscription, LiveSocket>();

  sub.on('message', (channel: string, text: string) => {
    if (channel === app.channels.jobStatus) {
      let msg: JobStatusMessage;
      try {
        msg = parseJobStatusMessage(text);
      } catch {
        return;
      }
      void relayStatus(msg);
      return;
    }
    const m = jobChannel.exec(channel);
    if (!m) return;
    let msg: JobChannelMessage;
    try {
      msg = parseJobChannelMessage(text);
    } catch (err) {
      app.log.warn({ channel, err: { message: (err as Error).message } }, 'ignoring a malformed job channel message');
      return;
    }
    for (const s of byJob.get(Number(m[1])) ?? []) {
      const socket = sockets.get(s);
      if (socket) enqueue(socket, s, msg);
    }
  });

  const relayStatus = async (msg: JobStatusMessage): Promise<void> => {
    const payload = { job: msg.jobId, status: msg.status, at: msg.at };
    io.to(`job:${msg.jobId}`).emit('job:status', payload);
    const listeners = await io.in('jobs').fetchSockets();
    for (const remote of listeners) {
      const socket = io.sockets.sockets.get(remote.id) as LiveSocket | undefined;
      if (!socket || socket.rooms.has(`job:${msg.jobId}`)) continue;
      try {
        if (await canReadJob(socket, msg.jobId)) socket.emit('job:status', payload);
      } catch (err) {
        app.log.warn({ err }, 'status relay failed');
      }
    }
  };

  const unsubscribe = async (socket: LiveSocket, jobId: number): Promise<void> => {
    const s = socket.data.subs.get(jobId);
    if (!s) return;
    s.closed = true;
    socket.data.subs.delete(jobId);
    sockets.delete(s);
    void socket.leave(`job:${jobId}`);
    const set = byJob.get(jobId);
    set?.delete(s);
    if (set && set.size === 0) {
      byJob.delete(jobId);
      await sub.unsubscribe(app.channels.jobEvents(jobId)).catch(() => undefined);
    }
  };

  io.on('connection', (socket: LiveSocket) => {
    socket.on('job:subscribe', async (m, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      try {
        const jobId = Number(m?.job);
        const last = m?.last_counter === undefined ? 0 : Number(m.last_counter);
        if (!Number.isInteger(jobId) || jobId <= 0 || jobId > 2_147_483_647 || !Number.isInteger(last) || last < 0) {
          return reply({ error: { code: 'DRV_API_VALIDATION', message: 'send {job: <id>, last_counter?: <n>}' } });
        }
        if (!(await canReadJob(socket, jobId))) return reply({ error: { code: 'DRV_API_NOT_FOUND', message: 'job not found' } });
        await unsubscribe(socket, jobId);
        const s: Subscription = { jobId, last, replaying: true, buffer: [], done: false, chain: Promise.resolve(), closed: false };
        socket.data.subs.set(jobId, s);
        sockets.set(s, socket);
        let set = byJob.get(jobId);
        if (!set) byJob.set(jobId, (set = new Set()));
        set.add(s);
        await socket.join(`job:${jobId}`);
        await sub.subscribe(app.channels.jobEvents(jobId)); // before reading: nothing published from now on is missed
        const job = await app.db.job.findUniqueOrThrow({ where: { id: jobId }, select: { status: true } });
        reply({ ok: true, status: job.status });
        await replay(socket, s);
        // live messages that arrived meanwhile, in order; duplicates are dropped by counter
        while (s.buffer.length) {
          const batch = s.buffer.splice(0);
          for (const msg of batch) await handle(socket, s, msg);
        }
        s.replaying = false;
        const now = await app.db.job.findUnique({ where: { id: jobId }, select: { status: true } });
        if (now && isTerminal(now.status)) {
          // the worker publishes events_complete before the final status: every event is stored
          s.chain = s.chain.then(async () => {
            await replay(socket, s);
            complete(socket, s, s.last);
          });
        }
      } catch (err) {
        app.log.error({ err }, 'job subscription failed');
        reply({ error: { code: 'DRV_API_INTERNAL', message: 'internal server error' } });
      }
    });

    socket.on('job:unsubscribe', async (m, ack) => {
      await unsubscribe(socket, Number(m?.job));
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('jobs:subscribe', async (ack) => {
      await socket.join('jobs');
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('jobs:unsubscribe', async (ack) => {
      await socket.leave('jobs');
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('disconnect', () => {
      for (const jobId of [...socket.data.subs.keys()]) void unsubscribe(socket, jobId);
    });
  });

  app.addHook('onReady', async () => {
    // subscribe once connected: ioredis refuses its own connect-time commands (CLIENT SETINFO, INFO) on a
    // connection already marked as subscriber, and the subscription would be lost
    if (sub.status !== 'ready') await once(sub, 'ready');
    await sub.subscribe(app.channels.jobStatus);
  });
  app.addHook('preClose', async () => {
    // io.close() would also close the HTTP server, which Fastify closes itself
    io.disconnectSockets(true);
    io.engine.close();
  });
}

export default fp(livePlugin, { name: 'live', dependencies: ['prisma', 'redis', 'auth', 'rbac'] });
