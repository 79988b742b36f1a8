/**
 * Vitest setup for every test file (see the root vitest.config.ts). In the web app's jsdom tests, wait
 * up to 5 s in findBy / waitFor (Testing Library's default is 1 s): the whole suite shares two cores
 * with Postgres, Redis, sshd and Chromium, and a busy machine must not fail a correct component.
 */
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 5000 });
}

export {};
