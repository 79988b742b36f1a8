/**
 * Live updates over socket.io (the API's protocol, typed in @drover/events): one shared connection
 * per tab, authenticated by the session cookie. `watchJob` replays stored events after the last
 * counter it saw and then streams live ones; on a reconnect it subscribes again from the last counter,
 * so the caller sees every event once, in counter order. `watchJobStatuses` reports status changes of
 * every job the user may read.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LiveJobEvent, ServerToClientEvents } from '@drover/events';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: LiveSocket | undefined;

export function liveSocket(): LiveSocket {
  shared ??= io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
  return shared;
}

/** Close the shared connection (logout). */
export function closeLiveSocket(): void {
  shared?.disconnect();
  shared = undefined;
}

export interface JobWatch {
  onEvent(e: LiveJobEvent): void;
  onComplete?(lastCounter: number): void;
  onStatus?(status: string): void;
  onError?(message: string): void;
}

/** Follow one job's events from `fromCounter` (exclusive). Returns the unsubscribe function. */
export function watchJob(jobId: number, fromCounter: number, w: JobWatch): () => void {
  const socket = liveSocket();
  let last = fromCounter;
  let stopped = false;
  const onEvent = (e: LiveJobEvent): void => {
    if (e.job !== jobId || e.counter <= last) return;
    last = e.counter;
    w.onEvent(e);
  };
  const onComplete = (m: { job: number; last_counter: number }): void => {
    if (m.job === jobId) w.onComplete?.(m.last_counter);
  };
  const onStatus = (m: { job: number; status: string }): void => {
    if (m.job === jobId) w.onStatus?.(m.status);
  };
  const subscribe = (): void => {
    if (stopped) return;
    socket.emit('job:subscribe', { job: jobId, last_counter: last }, (ack) => {
      if ('error' in ack) w.onError?.(ack.error.message);
      else w.onStatus?.(ack.status);
    });
  };
  socket.on('job:event', onEvent);
  socket.on('job:events_complete', onComplete);
  socket.on('job:status', onStatus);
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
  return () => {
    stopped = true;
    socket.off('job:event', onEvent);
    socket.off('job:events_complete', onComplete);
    socket.off('job:status', onStatus);
    socket.off('connect', subscribe);
    if (socket.connected) socket.emit('job:unsubscribe', { job: jobId });
  };
}

/** Status changes of every job the user may read. Returns the unsubscribe function. */
export function watchJobStatuses(onStatus: (m: { job: number; status: string; at: string }) => void): () => void {
  const socket = liveSocket();
  const subscribe = (): void => {
    socket.emit('jobs:subscribe');
  };
  socket.on('job:status', onStatus);
  socket.on('connect', subscribe);
  if (socket.connected) subscribe();
  return () => {
    socket.off('job:status', onStatus);
    socket.off('connect', subscribe);
    if (socket.connected) socket.emit('jobs:unsubscribe');
  };
}
