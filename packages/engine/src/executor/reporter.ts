import { randomUUID } from 'node:crypto';
import type { EventInput, JobEvent } from '@drover/events';

export type EventSink = (event: JobEvent) => void;

/** Numbers, stamps and fans out engine events to sinks; a sink that throws never stops the run. */
export class Reporter {
  private counter = 0;
  private readonly sinks: EventSink[] = [];
  readonly sinkErrors: unknown[] = [];

  addSink(sink: EventSink): void {
    this.sinks.push(sink);
  }

  emit(input: EventInput): JobEvent {
    const event = {
      ...input,
      uuid: input.uuid ?? randomUUID(),
      counter: ++this.counter,
      created: new Date().toISOString(),
    } as JobEvent;
    for (const s of this.sinks) {
      try {
        s(event);
      } catch (e) {
        this.sinkErrors.push(e);
      }
    }
    return event;
  }
}
