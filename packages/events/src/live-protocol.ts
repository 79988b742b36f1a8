/**
 * The socket.io protocol of live job events (typed both ways).
 *
 * Connect with `auth: {token: '<API token>'}` (or the session cookie). Then:
 * - `job:subscribe {job, last_counter?}` (ack `{ok: true, status}` or `{error}`): the server sends every
 *   stored event with counter > last_counter (`job:event`), then live ones, in counter order without gaps
 *   or duplicates, then `job:events_complete {job, last_counter}` once the job's stream has ended. After a
 *   reconnect, subscribe again with the last counter seen. `job:status` reports the job's status changes.
 * - `jobs:subscribe` (ack): `job:status` for every job the user may read.
 */
export interface LiveJobEvent {
  job: number;
  counter: number;
  uuid: string;
  parent_uuid: string | null;
  event: string;
  event_data: Record<string, unknown>;
  host_name: string | null;
  play: string;
  task: string;
  role: string;
  changed: boolean;
  failed: boolean;
  stdout: string;
  start_line: number;
  end_line: number;
  created: string;
}

export interface LiveError {
  error: { code: string; message: string };
}

export type SubscribeAck = { ok: true; status: string } | LiveError;
export type Ack = { ok: true } | LiveError;

export interface ServerToClientEvents {
  'job:event': (e: LiveJobEvent) => void;
  'job:events_complete': (m: { job: number; last_counter: number }) => void;
  'job:status': (m: { job: number; status: string; at: string }) => void;
}

export interface ClientToServerEvents {
  'job:subscribe': (m: { job: number; last_counter?: number }, ack?: (r: SubscribeAck) => void) => void;
  'job:unsubscribe': (m: { job: number }, ack?: (r: Ack) => void) => void;
  'jobs:subscribe': (ack?: (r: Ack) => void) => void;
  'jobs:unsubscribe': (ack?: (r: Ack) => void) => void;
}
