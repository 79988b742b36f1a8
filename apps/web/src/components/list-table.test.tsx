// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ListTable } from './list-table';
import { fakeApi, page, renderAt, type Call } from './test-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

interface Row {
  id: number;
  name: string;
}

function lists(calls: Call[]) {
  return calls.filter((c) => c.path === '/projects').map((c) => Object.fromEntries(c.query));
}

describe('ListTable', () => {
  it('pages, searches and sorts through the API query string', async () => {
    const calls = fakeApi((c) => {
      if (c.path !== '/projects') return undefined;
      const p = Number(c.query.get('page'));
      return [200, page([{ id: p * 100 + 1, name: `row ${p}` }], 60)];
    });
    renderAt(<ListTable<Row> path="/projects" label="Projects" defaultOrder="name" columns={[{ header: 'Name', sort: 'name', render: (r) => r.name }]} />, '/');
    expect(await screen.findByRole('cell', { name: 'row 1' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Page 1 of 3 (60 items)');
    expect(lists(calls)[0]).toEqual({ page: '1', page_size: '25', order_by: 'name' });

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('cell', { name: 'row 2' })).toBeTruthy();
    expect(lists(calls).at(-1)).toEqual({ page: '2', page_size: '25', order_by: 'name' });

    await userEvent.type(within(screen.getByRole('search')).getByRole('searchbox'), 'web');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(lists(calls).at(-1)).toEqual({ page: '1', page_size: '25', order_by: 'name', search: 'web' }));

    const header = screen.getByRole('columnheader', { name: /Name/ });
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(within(header).getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(lists(calls).at(-1)?.['order_by']).toBe('-name'));
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('button', { name: 'Previous page' })).toHaveProperty('disabled', true);
  });

  it('shows the API error when the list cannot load', async () => {
    fakeApi(() => [403, { error: { code: 'DRV_API_FORBIDDEN', message: 'you may not list these' } }]);
    renderAt(<ListTable<Row> path="/projects" label="Projects" columns={[{ header: 'Name', render: (r) => r.name }]} />, '/');
    expect((await screen.findByRole('alert')).textContent).toBe('you may not list these');
  });
});
