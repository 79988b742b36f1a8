import { describe, expect, it } from 'vitest';
import { channelNames, CHANNELS } from './channels.js';
import { redisConnectionOptions, redisUrl } from './connection.js';
import { QueueError } from './errors.js';
import { parseJobChannelMessage, parseJobControlMessage, parseJobStatusMessage, type JobEventMessage } from './messages.js';

describe('channels and messages', () => {
  it('names the channels', () => {
    expect(CHANNELS.jobEvents(12)).toBe('drover:job:12:events');
    expect(CHANNELS.jobStatus).toBe('drover:jobs:status');
    expect(CHANNELS.jobControl).toBe('drover:jobs:control');
    expect(channelNames('t1').jobEvents(3)).toBe('t1:job:3:events');
  });

  it('parses the three message families and rejects others', () => {
    const ev: JobEventMessage = {
      type: 'event',
      version: 1,
      jobId: 3,
      event: { counter: 1, uuid: 'u', parent_uuid: null, created: '2024-01-01T00:00:00.000Z', event: 'warning', event_data: { message: 'hi' } },
      stdout: '[WARNING]: hi\n',
      startLine: 0,
      endLine: 1,
    };
    expect(parseJobChannelMessage(JSON.stringify(ev))).toEqual(ev);
    expect(parseJobChannelMessage('{"type":"events_complete","version":1,"jobId":3,"lastCounter":9}')).toMatchObject({ lastCounter: 9 });
    expect(parseJobStatusMessage('{"type":"status","version":1,"jobId":3,"status":"running","at":"2024-01-01T00:00:00Z"}').status).toBe('running');
    expect(parseJobControlMessage('{"type":"cancel","version":1,"jobId":3}')).toEqual({ type: 'cancel', version: 1, jobId: 3 });
    expect(() => parseJobStatusMessage('{"type":"status","version":1,"jobId":3,"status":"crashed","at":"x"}')).toThrow(QueueError);
    expect(() => parseJobChannelMessage('not json')).toThrow(QueueError);
    expect(() => parseJobChannelMessage(JSON.stringify({ ...ev, event: { ...ev.event, event: 'nope' } }))).toThrow(QueueError);
  });

  it('reads REDIS_URL into BullMQ connection options', () => {
    expect(redisUrl({})).toBe('redis://127.0.0.1:6379');
    expect(redisConnectionOptions('redis://u:p%40ss@db.local:6380/2')).toEqual({
      host: 'db.local', port: 6380, username: 'u', password: 'p@ss', db: 2, maxRetriesPerRequest: null,
    });
    expect(() => redisConnectionOptions('http://x')).toThrow();
  });
});
