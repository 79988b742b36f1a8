/** A screen's title (the page's h1) with its actions on the right. */
import type { ReactNode } from 'react';

export function PageHeader({ title, children, back }: { title: string; children?: ReactNode; back?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {back ? <div className="crumb">{back}</div> : null}
        <h1>{title}</h1>
      </div>
      {children ? <div className="actions">{children}</div> : null}
    </header>
  );
}

/** Definition list of an object's fields. */
export function Details({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="details">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === '' || v === null || v === undefined ? <span className="muted">—</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}
