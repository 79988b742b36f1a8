/** The "Event details" side panel (role complementary): one job event with its full result as JSON. */
import { useEffect, useRef } from 'react';
import type { LiveJobEvent } from '@drover/events';
import { eventStatus } from './output-store';

export function EventDetails({ event, onClose }: { event: LiveJobEvent; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
  }, [event.uuid]);
  const status = eventStatus(event);
  return (
    <aside className="event-details" aria-label="Event details" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <h2>{event.event}</h2>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close details
        </button>
      </header>
      <dl>
        <dt>Counter</dt>
        <dd>{event.counter}</dd>
        {event.host_name && (
          <>
            <dt>Host</dt>
            <dd>{event.host_name}</dd>
          </>
        )}
        {status && (
          <>
            <dt>Status</dt>
            <dd className={`status-text status-${status}`}>{status}</dd>
          </>
        )}
        {event.play && (
          <>
            <dt>Play</dt>
            <dd>{event.play}</dd>
          </>
        )}
        {event.task && (
          <>
            <dt>Task</dt>
            <dd>{event.role ? `${event.role} : ${event.task}` : event.task}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{event.created}</dd>
      </dl>
      <h3>Event data</h3>
      <pre className="event-json">{JSON.stringify(event.event_data, null, 2)}</pre>
    </aside>
  );
}
