// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeleteButton } from './confirm-dialog';
import { fakeApi, renderAt } from './test-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('confirm dialog', () => {
  it('takes focus, keeps Tab inside, closes on Escape and gives focus back; shows a refused delete', async () => {
    const calls = fakeApi((c) => (c.method === 'DELETE' ? [409, { error: { code: 'DRV_API_CONFLICT', message: 'the project is used by 2 templates' } }] : undefined));
    const onDeleted = vi.fn();
    renderAt(<DeleteButton path="/projects/3" what="project site" onDeleted={onDeleted} />, '/');
    const trigger = screen.getByRole('button', { name: 'Delete' });
    await userEvent.click(trigger);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete project site?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('Delete');
    expect(dialog.contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(calls).toHaveLength(0);

    await userEvent.click(trigger);
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'the project is used by 2 templates');
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    expect(onDeleted).not.toHaveBeenCalled();
  });
});
