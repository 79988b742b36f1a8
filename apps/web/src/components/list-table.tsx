/**
 * A paginated API list as a table: search box (`?search=`), sortable columns (`?order_by=`, `-` for
 * descending) and AWX paging (`?page=`, `?page_size=`).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Page, Query } from '../api/client';
import { ErrorText } from './error-text';
import { useFetch } from './use-fetch';

export interface Column<T> {
  header: string;
  /** The API field to order by (the column is sortable when set). */
  sort?: string;
  render(row: T): ReactNode;
  className?: string;
}

export interface ListTableProps<T extends { id: number }> {
  /** API path of the collection, e.g. /projects */
  path: string;
  /** Accessible name of the table (e.g. "Projects"). */
  label: string;
  columns: ReadonlyArray<Column<T>>;
  /** Filters always sent. */
  query?: Query;
  defaultOrder?: string;
  pageSize?: number;
  /** Change it to reload. */
  reloadKey?: number;
  /** Row actions (a cell at the end of each row). */
  actions?(row: T, reload: () => void): ReactNode;
  empty?: ReactNode;
  searchable?: boolean;
}

const PAGE_SIZES = [10, 25, 50, 100];

export function ListTable<T extends { id: number }>(p: ListTableProps<T>) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(p.pageSize ?? 25);
  const [search, setSearch] = useState('');
  const [draft, setDraft] = useState('');
  const [order, setOrder] = useState(p.defaultOrder ?? '');
  const list = useFetch<Page<T>>(p.path, {
    ...p.query,
    page,
    page_size: pageSize,
    search: search || undefined,
    order_by: order || undefined,
  });
  const [seenKey, setSeenKey] = useState(p.reloadKey);
  if (seenKey !== p.reloadKey) {
    setSeenKey(p.reloadKey);
    list.reload();
  }

  // a page past the end (after deletes elsewhere) is a 404: go back to the first page
  useEffect(() => {
    if (list.error && !list.loading && page > 1) setPage(1);
  }, [list.error, list.loading, page]);

  const count = list.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / pageSize));

  function onSearch(e: FormEvent) {
    e.preventDefault();
    setSearch(draft.trim());
    setPage(1);
  }

  function toggleSort(field: string) {
    setOrder((cur) => (cur === field ? `-${field}` : field));
    setPage(1);
  }

  function ariaSort(field: string | undefined): 'ascending' | 'descending' | 'none' | undefined {
    if (!field) return undefined;
    if (order === field) return 'ascending';
    if (order === `-${field}`) return 'descending';
    return 'none';
  }

  return (
    <div className="list">
      {p.searchable !== false ? (
        <form role="search" aria-label={`Search ${p.label.toLowerCase()}`} className="searchbar" onSubmit={onSearch}>
          <label>
            <span className="visually-hidden">Search</span>
            <input type="search" value={draft} placeholder="Search" onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit">Search</button>
          {search ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft('');
                setSearch('');
                setPage(1);
              }}
            >
              Clear search
            </button>
          ) : null}
        </form>
      ) : null}
      <ErrorText error={list.error} />
      <table className="table" aria-label={p.label} aria-busy={list.loading}>
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th key={c.header} scope="col" aria-sort={ariaSort(c.sort)} className={c.className}>
                {c.sort ? (
                  <button type="button" className="sort" onClick={() => toggleSort(c.sort!)}>
                    {c.header}
                    <span aria-hidden="true" className="sort-mark">
                      {order === c.sort ? '▲' : order === `-${c.sort}` ? '▼' : ''}
                    </span>
                  </button>
                ) : (
                  c.header
                )}
              </th>
            ))}
            {p.actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {(list.data?.results ?? []).map((row) => (
            <tr key={row.id}>
              {p.columns.map((c) => (
                <td key={c.header} className={c.className}>
                  {c.render(row)}
                </td>
              ))}
              {p.actions ? <td className="row-actions">{p.actions(row, list.reload)}</td> : null}
            </tr>
          ))}
          {list.data && list.data.results.length === 0 ? (
            <tr>
              <td colSpan={p.columns.length + (p.actions ? 1 : 0)} className="empty">
                {search ? `Nothing matches “${search}”.` : (p.empty ?? 'Nothing here yet.')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <nav className="pager" aria-label={`${p.label} pages`}>
        <button type="button" className="secondary" disabled={page <= 1 || list.loading} onClick={() => setPage(page - 1)}>
          Previous page
        </button>
        <span role="status">
          Page {page} of {pages} ({count} {count === 1 ? 'item' : 'items'})
        </span>
        <button type="button" className="secondary" disabled={page >= pages || list.loading} onClick={() => setPage(page + 1)}>
          Next page
        </button>
        <label className="inline">
          Per page
          <select
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(1);
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </div>
  );
}
