/** Task keywords of ansible-core 2.14 (Task, Base, Conditional, Taggable, Become, Delegatable...). */
export const TASK_KEYWORDS = new Set([
  'name', 'action', 'args', 'async', 'poll', 'changed_when', 'failed_when', 'delay', 'delegate_to',
  'delegate_facts', 'loop', 'loop_control', 'notify', 'register', 'retries', 'until', 'when', 'tags',
  'vars', 'ignore_errors', 'ignore_unreachable', 'any_errors_fatal', 'become', 'become_user',
  'become_method', 'become_flags', 'become_exe', 'check_mode', 'diff', 'environment', 'no_log',
  'run_once', 'connection', 'remote_user', 'port', 'throttle', 'timeout', 'collections',
  'module_defaults', 'debugger', 'local_action',
]);

export const BLOCK_KEYWORDS = new Set([
  'name', 'block', 'rescue', 'always', 'when', 'tags', 'vars', 'ignore_errors', 'ignore_unreachable',
  'any_errors_fatal', 'become', 'become_user', 'become_method', 'become_flags', 'become_exe',
  'check_mode', 'diff', 'environment', 'no_log', 'run_once', 'connection', 'remote_user', 'port',
  'throttle', 'timeout', 'collections', 'module_defaults', 'debugger', 'delegate_to', 'delegate_facts',
]);

export const PLAY_KEYWORDS = new Set([
  'name', 'hosts', 'gather_facts', 'gather_subset', 'gather_timeout', 'fact_path', 'vars', 'vars_files',
  'vars_prompt', 'roles', 'pre_tasks', 'tasks', 'post_tasks', 'handlers', 'serial', 'strategy',
  'max_fail_percentage', 'force_handlers', 'any_errors_fatal', 'ignore_errors', 'ignore_unreachable',
  'order', 'tags', 'become', 'become_user', 'become_method', 'become_flags', 'become_exe', 'check_mode',
  'diff', 'environment', 'no_log', 'run_once', 'connection', 'remote_user', 'port', 'throttle',
  'timeout', 'collections', 'module_defaults', 'debugger',
]);

/** Keys allowed on a `roles:` entry besides role parameters. */
export const ROLE_ENTRY_KEYWORDS = new Set([
  'role', 'name', 'when', 'tags', 'vars', 'become', 'become_user', 'become_method', 'environment',
  'ignore_errors', 'any_errors_fatal', 'no_log', 'delegate_to', 'connection', 'remote_user', 'port',
  'check_mode', 'diff', 'run_once', 'collections', 'module_defaults', 'debugger', 'throttle', 'timeout',
]);
