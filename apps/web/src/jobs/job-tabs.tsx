/** Tabs of the job page (role tablist/tab/tabpanel; arrow keys move between tabs). */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef {
  id: string;
  label: string;
}

export function JobTabs({ tabs, active, onSelect, children }: { tabs: readonly TabDef[]; active: string; onSelect(id: string): void; children: ReactNode }) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.id === active);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(tabs[next]!.id);
    refs.current[next]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label="Job views" className="job-tabs" onKeyDown={onKey}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`job-tab-${t.id}`}
            aria-selected={t.id === active}
            aria-controls={`job-panel-${t.id}`}
            tabIndex={t.id === active ? 0 : -1}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`job-panel-${active}`} aria-labelledby={`job-tab-${active}`} className="job-tabpanel">
        {children}
      </div>
    </>
  );
}
