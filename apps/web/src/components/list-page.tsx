/** A list screen: the title with "Add" (for those who may create), then the table of the collection. */
import { Link, useNavigate } from 'react-router';
import { useCanCreate } from '../auth/can-create';
import { ListTable, type Column, type ListTableProps } from './list-table';
import { PageHeader } from './page-header';
import type { ResourceKind } from './resource-kinds';

export interface ListPageProps<T extends { id: number }> extends Omit<ListTableProps<T>, 'path' | 'label'> {
  kind: ResourceKind;
  /** Who sees "Add": organization admins and superusers (default), or superusers only. */
  createScope?: 'org-resource' | 'superuser';
}

export function ListPage<T extends { id: number }>({ kind, createScope, ...table }: ListPageProps<T>) {
  const navigate = useNavigate();
  const canAdd = useCanCreate(createScope);
  return (
    <>
      <PageHeader title={kind.title}>
        {canAdd ? (
          <button type="button" onClick={() => navigate(`${kind.route}/new`)}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<T> path={kind.api} label={kind.title} defaultOrder="name" {...table} />
    </>
  );
}

/** The Name column: each object's name, linking to its page under `route`. */
export function nameColumn<T extends { id: number; name: string }>(route: string): Column<T> {
  return { header: 'Name', sort: 'name', render: (o) => <Link to={`${route}/${o.id}`}>{o.name}</Link> };
}

/** The Name column, then Description. */
export function namedColumns<T extends { id: number; name: string; description: string }>(route: string): Array<Column<T>> {
  return [nameColumn(route), { header: 'Description', render: (o) => o.description }];
}
