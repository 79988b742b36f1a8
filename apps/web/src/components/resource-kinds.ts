/** The kinds of API object that have list, detail and form screens: what they are called and where they live. */
export interface ResourceKind {
  /** The list page's title and its table's name, e.g. "Teams". */
  title: string;
  /** What one is called in titles and questions, e.g. "team" ("New team", "Delete team ops?"). */
  noun: string;
  /** The screens' route, e.g. /teams. */
  route: string;
  /** The API collection, e.g. /teams. */
  api: string;
}

export const ORGANIZATIONS: ResourceKind = { title: 'Organizations', noun: 'organization', route: '/organizations', api: '/organizations' };
export const TEAMS: ResourceKind = { title: 'Teams', noun: 'team', route: '/teams', api: '/teams' };
export const USERS: ResourceKind = { title: 'Users', noun: 'user', route: '/users', api: '/users' };
export const CREDENTIALS: ResourceKind = { title: 'Credentials', noun: 'credential', route: '/credentials', api: '/credentials' };
export const PROJECTS: ResourceKind = { title: 'Projects', noun: 'project', route: '/projects', api: '/projects' };
export const INVENTORIES: ResourceKind = { title: 'Inventories', noun: 'inventory', route: '/inventories', api: '/inventories' };
export const TEMPLATES: ResourceKind = { title: 'Templates', noun: 'template', route: '/templates', api: '/job_templates' };

/** An object's name as screens show it (users go by username). */
export function displayName(o: { name: string } | { username: string }): string {
  return 'name' in o ? o.name : o.username;
}
