/** The screens of one kind of object: its list, /new, /:id and /:id/edit (the last two load the object first). */
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { Loaded, useIdParam } from './loaded';
import type { ResourceKind } from './resource-kinds';

export interface ResourceRoutesProps<T> {
  kind: ResourceKind;
  list: ReactNode;
  /** The form: empty on /new, filled with the loaded object on /:id/edit. */
  form(initial?: T): ReactNode;
  detail(obj: T, reload: () => void): ReactNode;
}

function LoadedById<T>({ kind, children }: { kind: ResourceKind; children(obj: T, reload: () => void): ReactNode }) {
  const id = useIdParam();
  return <Loaded<T> path={`${kind.api}/${id}`}>{children}</Loaded>;
}

export function ResourceRoutes<T>({ kind, list, form, detail }: ResourceRoutesProps<T>) {
  return (
    <Routes>
      <Route index element={list} />
      <Route path="new" element={form()} />
      <Route path=":id" element={<LoadedById<T> kind={kind}>{detail}</LoadedById>} />
      <Route path=":id/edit" element={<LoadedById<T> kind={kind}>{(obj) => form(obj)}</LoadedById>} />
    </Routes>
  );
}
